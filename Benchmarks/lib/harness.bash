# Shared by Benchmarks/run and its scenarios: building, starting and stopping servers, measuring, and the
# results table. Scenarios call the functions below; they never write RESULTS.md themselves.

mkdir -p "$bench_work"/{bin,logs,sockets,state}
rows_file=$bench_work/rows.tsv
targets_file=$bench_work/targets.tsv
: > "$rows_file"
: > "$targets_file"

release_build=(-c release --static-swift-stdlib)

# Every server the harness started, so that an interrupted run stops them all.
started_pids=()
trap 'for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

build_benchmark_binaries() {
    echo "building tracker-bridge (release), baselines and the load generator" >&2
    # Release builds link the Swift runtime and Foundation statically, as a deployment would: the process then
    # maps only what it uses, which keeps an idle server's resident memory within its target.
    (cd "$package_root" && swift build "${release_build[@]}" --scratch-path "$bench_work/swift" \
        --product tracker-bridge) >&2
    tracker_bridge_binary=$(cd "$package_root" && swift build "${release_build[@]}" --scratch-path "$bench_work/swift" \
        --show-bin-path)/tracker-bridge

    gcc -std=gnu11 -O2 -Wall -Wextra -o "$bench_work/bin/baseline-c-server" \
        "$bench_root/baseline-c/server.c" $(pkg-config --cflags --libs libuv)
    gcc -std=gnu11 -O2 -Wall -Wextra -o "$bench_work/bin/loadgen" "$bench_root/loadgen/loadgen.c"
    (cd "$bench_root/baseline-go" && GOFLAGS= GOPROXY=off GOCACHE="$bench_work/go-cache" \
        go build -o "$bench_work/bin/baseline-go-server" .)
}

# start_server NAME SOCKET COMMAND... : starts a server in the background and waits until its socket accepts.
# Sets server_pid.
start_server() {
    local name=$1 socket=$2
    shift 2
    rm -f "$socket"
    "$@" 2> "$bench_work/logs/$name.log" &
    server_pid=$!
    started_pids+=("$server_pid")
    for _ in $(seq 1 500); do
        if [ -S "$socket" ] && socat -u /dev/null "UNIX-CONNECT:$socket" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "$name exited while starting; its log:" >&2
            cat "$bench_work/logs/$name.log" >&2
            exit 1
        fi
        sleep 0.02
    done
    echo "$name did not accept connections on $socket within 10 s" >&2
    exit 1
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

# Resident memory of a process in KiB.
resident_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# measure NAME SOCKET LOADGEN_ARGS... : runs the load generator and sets measured_throughput, measured_p50_us,
# measured_p99_us (and keeps its raw line in the logs).
measure() {
    local name=$1 socket=$2
    shift 2
    local line
    line=$("$bench_work/bin/loadgen" --socket "$socket" --seconds "$bench_seconds" \
        --warmup-seconds "$bench_warmup_seconds" "$@")
    echo "$name: $line" >> "$bench_work/logs/measurements.log"
    echo "  $name: $line" >&2
    measured_throughput=$(field throughput "$line")
    measured_p50_us=$(field p50_us "$line")
    measured_p99_us=$(field p99_us "$line")
}

# measure_placed NAME SOCKET PLACEMENT LOADGEN_ARGS... : like `measure`, with the server and the load generator
# pinned to CPUs for the run. PLACEMENT is `same-cpu` (both on the last CPU) or `separate-cpus` (server on the
# last CPU, load generator on the first). One-at-a-time round trips are dominated by where the scheduler puts
# the two processes: waking a process on another, idle CPU costs tens of microseconds more on a virtual
# machine than switching on the same CPU, whatever the server does. Pinning makes subjects comparable.
measure_placed() {
    local name=$1 socket=$2 placement=$3
    shift 3
    local last_cpu=$(($(nproc) - 1)) loadgen_cpu
    case $placement in
        same-cpu) loadgen_cpu=$last_cpu ;;
        separate-cpus) loadgen_cpu=0 ;;
        *) echo "measure_placed: unknown placement $placement" >&2; exit 1 ;;
    esac
    taskset -p -c "$last_cpu" "$server_pid" > /dev/null
    local line
    line=$(taskset -c "$loadgen_cpu" "$bench_work/bin/loadgen" --socket "$socket" --seconds "$bench_seconds" \
        --warmup-seconds "$bench_warmup_seconds" "$@")
    taskset -p -c "0-$last_cpu" "$server_pid" > /dev/null
    echo "$name ($placement): $line" >> "$bench_work/logs/measurements.log"
    echo "  $name ($placement): $line" >&2
    measured_throughput=$(field throughput "$line")
    measured_p50_us=$(field p50_us "$line")
    measured_p99_us=$(field p99_us "$line")
}

field() {
    tr ' ' '\n' <<< "$2" | awk -F= -v key="$1" '$1 == key { print $2 }'
}

# record_row BENCHMARK SUBJECT THROUGHPUT P50 P99 NOTE : one row of the results table (use "" for n/a).
record_row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$rows_file"
}

# record_target TARGET MEASURED PASSED(true|false) : one line of the SPEC §10 checklist.
record_target() {
    local verdict=FAIL
    [ "$3" = true ] && verdict=pass
    printf '%s\t%s\t%s\n' "$1" "$2" "$verdict" >> "$targets_file"
}

# is_true EXPRESSION : evaluates a numeric comparison with awk, e.g. is_true "3 >= 2 * 1".
is_true() {
    awk "BEGIN { exit !($1) }" && echo true || echo false
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'
}

render_results() {
    local cpu
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    cat <<HEADER
# Benchmark results

Written by \`Benchmarks/run\` on $(date -u +%Y-%m-%dT%H:%MZ). Every row comes from the same run, one subject at
a time, each measured for ${bench_seconds} s after ${bench_warmup_seconds} s of warm-up by
\`Benchmarks/loadgen\` (one thread, epoll; latency is request write to reply read, on a Unix socket).
health.check rows pin the server and the load generator to two different CPUs (and one-at-a-time rows
also to one shared CPU): see \`measure_placed\` in Benchmarks/lib/harness.bash for why.
Load average when the run started: ${load_at_start:-unknown}; when it ended:
$(cut -d' ' -f1-3 /proc/loadavg). Other work on the machine (compilers, tests) lowers every number;
on separate CPUs it also changes how long a wake-up takes.

Machine: $(nproc) CPUs ($cpu), Linux $(uname -r), $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
RAM; $(swift --version 2>/dev/null | head -n 1); gcc $(gcc -dumpversion); $(go version | cut -d' ' -f3).
The load generator and the server share the machine's cores.

| benchmark | subject | throughput (req/s) | p50 (µs) | p99 (µs) | note |
|---|---|---:|---:|---:|---|
HEADER
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$rows_file"
    cat <<TARGETS

## Targets (SPEC §10)

| target | measured | verdict |
|---|---|---|
TARGETS
    awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$targets_file"
}
