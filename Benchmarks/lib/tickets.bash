# Shared by the ticket and report scenarios: the simulator binary, one JSON-RPC call over the Unix socket,
# and the findings the benchmarks send.

# Builds the simulator in release mode (once per run) and sets simulator_binary.
build_simulator_binary() {
    [ -n "${simulator_binary:-}" ] && return 0
    (cd "$package_root" && swift build "${release_build[@]}" --scratch-path "$bench_work/swift" \
        --product azure-devops-simulator) >&2
    simulator_binary=$(cd "$package_root" && swift build "${release_build[@]}" --scratch-path "$bench_work/swift" \
        --show-bin-path)/azure-devops-simulator
}

# start_simulator NAME ARGS... : starts the simulator on a free port; sets simulator_pid and simulator_url.
start_simulator() {
    local name=$1
    shift
    local out=$bench_work/logs/$name.out
    "$simulator_binary" --port 0 --log-level warning "$@" > "$out" 2> "$bench_work/logs/$name.log" &
    simulator_pid=$!
    started_pids+=("$simulator_pid")
    for _ in $(seq 1 500); do
        if grep -q '^listening ' "$out" 2>/dev/null; then
            simulator_url="http://$(awk '/^listening / { print $2; exit }' "$out")"
            return 0
        fi
        sleep 0.02
    done
    echo "$name did not start; its log:" >&2
    cat "$bench_work/logs/$name.log" >&2
    exit 1
}

stop_simulator() {
    kill -TERM "$simulator_pid" 2>/dev/null || true
    wait "$simulator_pid" 2>/dev/null || true
}

# rpc_call SOCKET REQUEST_FILE : sends one request line and prints the reply line.
rpc_call() {
    socat -t 600 - "UNIX-CONNECT:$1" < "$2"
}

# rpc_result SOCKET REQUEST_FILE : like rpc_call, but exits with the reply when it is an error.
rpc_result() {
    local reply
    reply=$(rpc_call "$1" "$2")
    if [ "$(jq -r 'has("result")' <<< "$reply")" != true ]; then
        echo "the call in $2 failed: ${reply:0:2000}" >&2
        exit 1
    fi
    jq -c .result <<< "$reply"
}

# findings_json COUNT : the findings array both report benchmarks use (the same rows as
# baseline-sqlite/insert.c writes).
findings_json() {
    jq -nc --argjson count "$1" '[range(0; $count) | {
        id: "bench-\(.)", applicationId: "app-\(. % 20)", applicationName: "Application \(. % 20)",
        title: "Finding \(.) in /path/\(. % 97)", rule: (if . % 2 == 1 then "xss" else "sql-injection" end),
        severity: (["Critical", "High", "Medium", "Low", "Note"][. % 5]),
        description: "A finding reported by the benchmark.",
        url: "https://scanner.example.com/findings/bench-\(.)", details: "GET /path?q=1 HTTP/1.1"
    }]'
}

# elapsed_seconds START_NS : seconds since START_NS (from date +%s%N), with millisecond precision.
elapsed_seconds() {
    awk -v start="$1" -v end="$(date +%s%N)" 'BEGIN { printf "%.3f", (end - start) / 1e9 }'
}
