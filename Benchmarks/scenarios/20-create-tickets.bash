# createTickets: 1,000 single tickets in one call against the simulator answering every request after 20 ms
# (SPEC §10: under 4 s, which takes concurrency within the per-host bound rather than 1,000 round trips).

source "$bench_root/lib/tickets.bash"
build_simulator_binary

tickets_state=$bench_work/state/tickets
tickets_socket=$bench_work/sockets/tickets.sock
ticket_count=1000
rm -rf "$tickets_state"
mkdir -p "$tickets_state"

start_simulator simulator-tickets --latency-ms 20
start_server tracker-bridge-tickets "$tickets_socket" "$tracker_bridge_binary" serve --socket "$tickets_socket" \
    --database "$tickets_state/bridge.sqlite3" --secret-key-file "$tickets_state/secret.key" --log-level warning

jq -nc --arg host "$simulator_url" '{jsonrpc: "2.0", id: 1, method: "configure", params: {
    name: "benchmark", host: $host, personalAccessToken: "simulator-pat", project: "Project 0001",
    applications: [range(0; 20) | "app-\(.)"]}}' > "$tickets_state/configure.json"
configuration_id=$(rpc_result "$tickets_socket" "$tickets_state/configure.json" | jq -r .configuration.id)

findings_json "$ticket_count" | jq -c '{jsonrpc: "2.0", id: 2, method: "reportVulnerabilities",
    params: {vulnerabilities: .}}' > "$tickets_state/report.json"
rpc_result "$tickets_socket" "$tickets_state/report.json" > /dev/null

jq -nc --arg configuration "$configuration_id" --argjson count "$ticket_count" '{jsonrpc: "2.0", id: 3,
    method: "createTickets", params: {configurationId: $configuration,
    vulnerabilityIds: [range(0; $count) | "bench-\(.)"]}}' > "$tickets_state/create.json"
started_ns=$(date +%s%N)
created=$(rpc_result "$tickets_socket" "$tickets_state/create.json" | jq '.tickets | length')
tickets_seconds=$(elapsed_seconds "$started_ns")
echo "  createTickets: $created tickets in $tickets_seconds s" >&2

stop_server
stop_simulator

record_row "createTickets 1,000 single, 20 ms tracker latency" tracker-bridge \
    "$(awk -v n="$created" -v s="$tickets_seconds" 'BEGIN { printf "%.0f", n / s }')" "" "" \
    "$created work items in $tickets_seconds s (tickets/s)"
record_target "1,000 single tickets at 20 ms latency < 4 s" "$tickets_seconds s ($created created)" \
    "$(is_true "$created == $ticket_count && $tickets_seconds < 4")"
