#!/usr/bin/env bash
# Files/s with 1, 2 and 3 `serve` nodes over one home and the local PostgreSQL (BENCHMARKS.md,
# "Several nodes"): the same FILES small files (3 rows each, mixed outcomes) dropped at once,
# timed from the drop to the last run's end, and each node's lease renewals per second.
#   scripts/bench-nodes.sh [FILES]     (needs target/kho-tam.jar and PostgreSQL on 127.0.0.1:5432)
#   LEASES=off NODES=1 scripts/bench-nodes.sh     one node without a workspace URL: no leases, the cost they add
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-2000}
JAR=target/kho-tam.jar
DB=khotam_bench_nodes
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
row='{"entity_code":"FLORA-%06d","collection_name":"flora","species_code":"PLANTAE-TREE","dot_origin":"DOT-CUT","governance_role":"governed","born_at":"2026-05-01T08:00:00+07:00","name":"Banyan","description":"An old banyan","status":"active","certified":false,"inspect_pen":null,"inspect_stamp":null,"inspect_gate":null}'
LEASES=${LEASES:-on}
for nodes in ${NODES:-1 2 3}; do
    home=$(mktemp -d /tmp/khotam-bench-nodes.XXXXXX)
    mkdir -p "$home/inbox" "$home/drop"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    for i in $(seq 1 "$FILES"); do
        { printf "$row\n" "$i"; printf "$row\n" "$((i + 1000000))" | sed 's/"species_code":"PLANTAE-TREE",//'; } > "$home/drop/f$i.jsonl"
    done
    pids=()
    for n in $(seq 1 "$nodes"); do
        java -Xmx256m -Dkhotam.inbox.delay=200 -Dkhotam.inbox.read-lock-min-age=200 -Dkhotam.inbox.read-lock-check-interval=50 \
            -jar "$JAR" --home "$home" --no-registry --node-id "bench$n" \
            $([ "$LEASES" = on ] && echo --workspace-url "jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres") serve \
            > "$home/node$n.log" 2>&1 &
        pids+=($!)
    done
    for n in $(seq 1 "$nodes"); do
        until grep -q "is watching the inbox" "$home/node$n.log"; do sleep 0.2; done
    done
    start=$(date +%s.%N)
    mv "$home"/drop/* "$home/inbox/"
    until [ "$(find "$home/staging" -maxdepth 3 -name manifest.json -exec grep -L -E '"status" ?: ?"RUNNING"' {} + 2>/dev/null | wc -l)" -ge "$FILES" ] \
          && [ -z "$(ls -A "$home/inbox")" ]; do sleep 0.2; done
    end=$(date +%s.%N)
    leases=0
    [ "$LEASES" = on ] && leases=$(psql -Atq -h 127.0.0.1 -U postgres -d "$DB" -c "SELECT count(*) FROM khotam_nodes.run_lease")
    kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
    awk -v n="$nodes" -v f="$FILES" -v s="$start" -v e="$end" -v r="$leases" \
        'BEGIN { printf "nodes=%d files=%d seconds=%.1f files_per_s=%.1f leases=%d\n", n, f, e - s, f / (e - s), r }'
    rm -rf "$home"
done
