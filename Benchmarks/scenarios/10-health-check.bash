# health.check round trips: tracker-bridge next to a minimal C libuv server and Go's net/rpc/jsonrpc, each
# at 8 connections x 64 pipelined requests and at 1 connection x 1 request, plus tracker-bridge's memory.

health_socket=$bench_work/sockets/health.sock
declare -A health_throughput health_p50 health_p99

measure_health_check() {
    local subject=$1
    shift
    # Pinned like the one-at-a-time rows: left to the scheduler, the server and the load generator sometimes
    # share a CPU for a whole run, which halves one subject's number and not another's.
    measure_placed "$subject 8x64" "$health_socket" separate-cpus --connections 8 --pipeline 64 "$@"
    health_throughput[$subject,8x64]=$measured_throughput
    health_p99[$subject,8x64]=$measured_p99_us
    record_row "health.check 8 conn × 64 pipelined" "$subject" "$measured_throughput" "$measured_p50_us" \
        "$measured_p99_us" ""
    for placement in same-cpu separate-cpus; do
        measure_placed "$subject 1x1" "$health_socket" "$placement" --connections 1 --pipeline 1 "$@"
        health_p50[$subject,1x1,$placement]=$measured_p50_us
        record_row "health.check 1 conn × 1, ${placement/-/ }" "$subject" "$measured_throughput" \
            "$measured_p50_us" "$measured_p99_us" ""
    done
}

rm -rf "$bench_work/state/health"
mkdir -p "$bench_work/state/health"
start_server tracker-bridge "$health_socket" "$tracker_bridge_binary" serve --socket "$health_socket" \
    --database "$bench_work/state/health/bridge.sqlite3" --secret-key-file "$bench_work/state/health/secret.key" \
    --log-level warning
idle_kib=$(resident_kib "$server_pid")
measure_health_check tracker-bridge

"$bench_work/bin/loadgen" --socket "$health_socket" --connections 1000 --hold-idle-seconds 3 \
    > "$bench_work/logs/idle.out" &
idle_client=$!
until grep -q idle_connections "$bench_work/logs/idle.out" 2>/dev/null; do
    kill -0 "$idle_client" 2>/dev/null || { echo "the idle-connection client failed" >&2; exit 1; }
    sleep 0.05
done
thousand_idle_kib=$(resident_kib "$server_pid")
wait "$idle_client"
stop_server

start_server baseline-c "$health_socket" "$bench_work/bin/baseline-c-server" "$health_socket"
measure_health_check "C libuv baseline"
stop_server

start_server baseline-go "$health_socket" "$bench_work/bin/baseline-go-server" "$health_socket"
measure_health_check "Go net/rpc/jsonrpc" --protocol go --method Health.Check
stop_server

tb_throughput=${health_throughput[tracker-bridge,8x64]}
c_throughput=${health_throughput[C libuv baseline,8x64]}
go_throughput=${health_throughput[Go net/rpc/jsonrpc,8x64]}
tb_p99=${health_p99[tracker-bridge,8x64]}
record_target "8×64 throughput ≥ 0.5 × C baseline" "$(ratio "$tb_throughput" "$c_throughput") ×" \
    "$(is_true "$tb_throughput >= 0.5 * $c_throughput")"
record_target "8×64 throughput ≥ 2 × Go net/rpc/jsonrpc" "$(ratio "$tb_throughput" "$go_throughput") ×" \
    "$(is_true "$tb_throughput >= 2 * $go_throughput")"
record_target "8×64 p99 < 5 ms" "${tb_p99} µs" "$(is_true "$tb_p99 < 5000")"
for placement in same-cpu separate-cpus; do
    tb_p50=${health_p50[tracker-bridge,1x1,$placement]}
    c_p50=${health_p50[C libuv baseline,1x1,$placement]}
    record_target "1×1 p50 ≤ 1.5 × C baseline, ${placement/-/ }" \
        "$(ratio "$tb_p50" "$c_p50") × (${tb_p50} vs ${c_p50} µs)" "$(is_true "$tb_p50 <= 1.5 * $c_p50")"
done
record_target "resident memory idle < 30 MB" "$((idle_kib / 1024)) MiB" "$(is_true "$idle_kib < 30 * 1024")"
record_target "resident memory with 1,000 idle connections < 150 MB" "$((thousand_idle_kib / 1024)) MiB" \
    "$(is_true "$thousand_idle_kib < 150 * 1024")"
