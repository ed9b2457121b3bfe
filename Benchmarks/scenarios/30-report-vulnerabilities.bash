# reportVulnerabilities of 10,000 new findings in one call, next to raw SQLite inserting the same rows into
# the same table in one transaction (SPEC §10: within 3x).

source "$bench_root/lib/tickets.bash"

report_state=$bench_work/state/report
report_socket=$bench_work/sockets/report.sock
report_count=10000
rm -rf "$report_state"
mkdir -p "$report_state"

gcc -std=gnu11 -O2 -Wall -Wextra -o "$bench_work/bin/baseline-sqlite-insert" \
    "$bench_root/baseline-sqlite/insert.c" $(pkg-config --cflags --libs sqlite3)

start_server tracker-bridge-report "$report_socket" "$tracker_bridge_binary" serve --socket "$report_socket" \
    --database "$report_state/bridge.sqlite3" --secret-key-file "$report_state/secret.key" --log-level warning
findings_json "$report_count" | jq -c '{jsonrpc: "2.0", id: 1, method: "reportVulnerabilities",
    params: {vulnerabilities: .}}' > "$report_state/report.json"
# The clock covers the round trip only: reading the reply with jq afterwards costs tens of milliseconds of
# process start-up that the server has no part in.
started_ns=$(date +%s%N)
rpc_call "$report_socket" "$report_state/report.json" > "$report_state/reply.json"
report_seconds=$(elapsed_seconds "$started_ns")
stop_server
reported=$(jq '.result.created // empty' "$report_state/reply.json")
if [ -z "$reported" ]; then
    echo "reportVulnerabilities failed: $(head -c 2000 "$report_state/reply.json")" >&2
    exit 1
fi
echo "  reportVulnerabilities: $reported new in $report_seconds s" >&2

baseline_line=$("$bench_work/bin/baseline-sqlite-insert" "$report_state/raw.sqlite3" "$report_count")
raw_seconds=$(field seconds "$baseline_line")
echo "  raw SQLite: $baseline_line" >&2

record_row "reportVulnerabilities 10,000 new findings" tracker-bridge \
    "$(awk -v n="$reported" -v s="$report_seconds" 'BEGIN { printf "%.0f", n / s }')" "" "" \
    "one call, $report_seconds s round trip (findings/s)"
record_row "reportVulnerabilities 10,000 new findings" "raw SQLite, one transaction" \
    "$(awk -v n="$report_count" -v s="$raw_seconds" 'BEGIN { printf "%.0f", n / s }')" "" "" \
    "$raw_seconds s, prepared INSERT, same table and settings (rows/s)"
record_target "reportVulnerabilities 10,000 ≤ 3 × raw SQLite" \
    "$(ratio "$report_seconds" "$raw_seconds") × ($report_seconds vs $raw_seconds s)" \
    "$(is_true "$reported == $report_count && $report_seconds <= 3 * $raw_seconds")"
