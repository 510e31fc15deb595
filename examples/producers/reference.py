#!/usr/bin/env python3
"""An exec producer that agrees with kho-tam's built-in inspectors under the bundled demo rule-set.

Run it with --producer exec:"python3 examples/producers/reference.py". kho-tam writes one JSON line
per admitted, in-scope row to stdin, {"row_no": N, "row": {...as received...}}, and reads one line
per row from stdout, {"row_no": N, "inspect_pen": ..., "inspect_stamp": ..., "inspect_gate": ...}:
an ISO-8601 instant, or null for unset. A stamp already set is answered as it came. stderr is kept
in the run's evidence/producer.log.
"""
import json
import re
import sys
from datetime import datetime, timezone

ENTITY_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}$")
FITS = {
    "flora": ({"PLANTAE-TREE", "PLANTAE-HERB"}, {"DOT-CUT", "DOT-IMPORT"}),
    "fauna": ({"AVES-PASSER", "MAMMAL-RODENT"}, {"DOT-IMPORT"}),
}
STATUSES = {"draft", "active", "review"}
STARTED = datetime.now(timezone.utc)
last = None


def present(value):
    return isinstance(value, str) and value.strip() != ""


def instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if present(value) else None


def pen_ok(r):
    born = instant(r.get("born_at"))
    return (present(r.get("entity_code")) and ENTITY_CODE.match(r["entity_code"]) is not None
            and r.get("collection_name") in FITS and born is not None and born <= STARTED
            and present(r.get("dot_origin")))


def stamp_ok(r):
    return (present(r.get("name")) and len(r["name"]) <= 200
            and present(r.get("description")) and len(r["description"].strip()) >= 10
            and r.get("status") in STATUSES)


def gate_ok(r):
    species, origins = FITS.get(r.get("collection_name"), (set(), set()))
    return r.get("species_code") in species and r.get("dot_origin") in origins


def now():
    """A microsecond UTC stamp, strictly later than the one before: no two stamps are ever equal."""
    global last
    at = datetime.now(timezone.utc)
    while last is not None and at <= last:
        at = datetime.now(timezone.utc)
    last = at
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


for line in sys.stdin:
    given = json.loads(line)
    row = given["row"]
    answer = {"row_no": given["row_no"]}
    passed = True
    for column, ok in (("inspect_pen", pen_ok), ("inspect_stamp", stamp_ok), ("inspect_gate", gate_ok)):
        passed = passed and ok(row)
        answer[column] = row.get(column) if present(row.get(column)) else (now() if passed else None)
    print(json.dumps(answer))
print("reference.py: answered every row", file=sys.stderr)
