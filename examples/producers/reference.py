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

# fullmatch: the whole code must match, as java.util.regex's matches() reads the rule-set's pattern
# (re.match with "$" would also accept a code followed by a newline)
ENTITY_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}-[0-9]{3,12}")
FITS = {
    "flora": ({"PLANTAE-TREE", "PLANTAE-HERB"}, {"DOT-CUT", "DOT-IMPORT"}),
    "fauna": ({"AVES-PASSER", "MAMMAL-RODENT"}, {"DOT-IMPORT"}),
}
STATUSES = {"draft", "active", "review"}
STARTED = datetime.now(timezone.utc)
last = None


# What the contract counts as blank (Java's Character.isWhitespace): not the no-break spaces
# U+00A0, U+2007, U+202F, nor U+0085 or the zero-width ones, all of which Python's str.strip() and
# str.isspace() treat differently.
WHITE_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
              "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"


def strip(value):
    return value.strip(WHITE_SPACE)


def present(value):
    return isinstance(value, str) and strip(value) != ""


def born_before_start(value):
    """born_at, an ISO-8601 instant with offset as admission let it through, is not after STARTED."""
    text = value.upper()  # ISO-8601 allows a lower-case t and z
    year = re.match(r"[+-]?\d+", text).group(0)
    if int(year) > 9999:
        return False  # years past 9999 carry a sign; they are after any start
    if int(year) < 1:
        return True  # before year 1: long before any start
    return datetime.fromisoformat(text.replace("Z", "+00:00")) <= STARTED


def pen_ok(r):
    return (present(r.get("entity_code")) and ENTITY_CODE.fullmatch(r["entity_code"]) is not None
            and r.get("collection_name") in FITS and present(r.get("born_at")) and born_before_start(r["born_at"])
            and present(r.get("dot_origin")))


def stamp_ok(r):
    # lengths in code points, as Python's len counts them; the description without surrounding white space
    return (present(r.get("name")) and len(r["name"]) <= 200
            and present(r.get("description")) and len(strip(r["description"])) >= 10
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
