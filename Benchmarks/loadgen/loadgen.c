/*
 * Load generator for line-delimited JSON-RPC servers on a Unix socket.
 *
 * Opens N connections, keeps K requests in flight on each (pipelining), and for a fixed time records the
 * round trip of every request. Replies are matched by their numeric "id", so servers may answer out of order.
 * One thread, epoll, non-blocking sockets: on a small machine it leaves the other cores to the server.
 *
 * Usage: loadgen --socket PATH [--connections N] [--pipeline K] [--seconds S] [--warmup-seconds W]
 *                [--requests N] [--protocol jsonrpc2|go] [--method NAME] [--params JSON]
 *
 * With --requests N it sends exactly N requests (and no more, whatever the time) and waits for their
 * replies: a fixed amount of work, for counting the server's instructions per request under callgrind.
 *
 * Prints one line of key=value results: requests, seconds, throughput (replies per second), p50/p99/max
 * round trip in microseconds, errors (error replies) and unmatched (replies whose id was not in flight).
 *
 * With --hold-idle-seconds S it instead opens the connections, makes one call on each so the server has set
 * them up, prints "idle_connections=N", and holds them open without traffic for S seconds (for measuring the
 * server's memory per idle connection).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { READ_CHUNK = 64 * 1024, DRAIN_TIMEOUT_SECONDS = 10 };

typedef struct {
    int fd;
    int outstanding;
    char *input;
    size_t input_length, input_capacity;
    char *output;
    size_t output_length, output_offset, output_capacity;
    int want_writable;
} connection_t;

typedef struct {
    const char *socket_path;
    int connections, pipeline;
    double seconds, warmup_seconds;
    int go_protocol;
    const char *method, *params;
    double hold_idle_seconds;
    uint64_t requests;
} options_t;

static uint64_t *sent_at;           /* indexed by request id */
static size_t sent_capacity;
static uint64_t *latencies;         /* nanoseconds, measured window only */
static size_t latency_count, latency_capacity;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void *grow(void *pointer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return pointer;
    size_t next = *capacity ? *capacity : 1024;
    while (next < needed) next *= 2;
    pointer = realloc(pointer, next * element);
    if (!pointer) die("out of memory");
    *capacity = next;
    return pointer;
}

static void usage(void) {
    fprintf(stderr, "usage: loadgen --socket PATH [--connections N] [--pipeline K] [--seconds S] "
                    "[--warmup-seconds W] [--protocol jsonrpc2|go] [--method NAME] [--params JSON] "
                    "[--hold-idle-seconds S] [--requests N]\n");
    exit(2);
}

static options_t parse_options(int argc, char **argv) {
    options_t o = { NULL, 1, 1, 5.0, 1.0, 0, "health.check", "{}", 0, 0 };
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (i + 1 >= argc) usage();
        const char *value = argv[++i];
        if (!strcmp(flag, "--socket")) o.socket_path = value;
        else if (!strcmp(flag, "--connections")) o.connections = atoi(value);
        else if (!strcmp(flag, "--pipeline")) o.pipeline = atoi(value);
        else if (!strcmp(flag, "--seconds")) o.seconds = atof(value);
        else if (!strcmp(flag, "--warmup-seconds")) o.warmup_seconds = atof(value);
        else if (!strcmp(flag, "--protocol")) {
            if (!strcmp(value, "go")) o.go_protocol = 1;
            else if (strcmp(value, "jsonrpc2")) usage();
        } else if (!strcmp(flag, "--method")) o.method = value;
        else if (!strcmp(flag, "--params")) o.params = value;
        else if (!strcmp(flag, "--hold-idle-seconds")) o.hold_idle_seconds = atof(value);
        else if (!strcmp(flag, "--requests")) o.requests = strtoull(value, NULL, 10);
        else usage();
    }
    if (!o.socket_path || o.connections < 1 || o.pipeline < 1 || o.seconds <= 0) usage();
    return o;
}

static int connect_unix(const char *path, int nonblocking) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof address.sun_path) { errno = ENAMETOOLONG; die("socket path"); }
    strcpy(address.sun_path, path);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0) die("connect");
    if (nonblocking) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void queue_request(connection_t *c, const options_t *o, uint64_t id, uint64_t now) {
    char line[4096];
    int length = o->go_protocol
        ? snprintf(line, sizeof line, "{\"method\":\"%s\",\"params\":[%s],\"id\":%llu}\n",
                   o->method, o->params, (unsigned long long)id)
        : snprintf(line, sizeof line, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",\"params\":%s,\"id\":%llu}\n",
                   o->method, o->params, (unsigned long long)id);
    if (length <= 0 || (size_t)length >= sizeof line) { errno = EINVAL; die("request too long"); }
    c->output = grow(c->output, &c->output_capacity, c->output_length + (size_t)length, 1);
    memcpy(c->output + c->output_length, line, (size_t)length);
    c->output_length += (size_t)length;
    sent_at = grow(sent_at, &sent_capacity, id + 1, sizeof *sent_at);
    sent_at[id] = now;
    c->outstanding++;
}

static void flush_output(connection_t *c) {
    while (c->output_offset < c->output_length) {
        ssize_t written = write(c->fd, c->output + c->output_offset, c->output_length - c->output_offset);
        if (written < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            die("write");
        }
        c->output_offset += (size_t)written;
    }
    if (c->output_offset == c->output_length) c->output_offset = c->output_length = 0;
}

/* Returns the id of a reply line, or UINT64_MAX when it has none. */
static uint64_t reply_id(const char *line, size_t length) {
    const char *key = memmem(line, length, "\"id\":", 5);
    if (!key) return UINT64_MAX;
    const char *digits = key + 5;
    while (digits < line + length && *digits == ' ') digits++;
    if (digits >= line + length || *digits < '0' || *digits > '9') return UINT64_MAX;
    return strtoull(digits, NULL, 10);
}

static int is_error_reply(const char *line, size_t length) {
    return memmem(line, length, "\"error\":{", 9) || memmem(line, length, "\"error\":\"", 9);
}

static int hold_idle(const options_t *o) {
    connection_t c = { 0 };
    int *descriptors = calloc((size_t)o->connections, sizeof *descriptors);
    for (int i = 0; i < o->connections; i++) {
        descriptors[i] = c.fd = connect_unix(o->socket_path, 0);
        queue_request(&c, o, (uint64_t)i + 1, now_ns());
        flush_output(&c);
        char reply[4096];
        size_t length = 0;
        while (length == 0 || reply[length - 1] != '\n') {
            ssize_t count = read(c.fd, reply + length, sizeof reply - length);
            if (count <= 0) die("reading the first reply of an idle connection");
            length += (size_t)count;
            if (length == sizeof reply) { errno = EMSGSIZE; die("first reply too long"); }
        }
    }
    printf("idle_connections=%d\n", o->connections);
    fflush(stdout);
    struct timespec hold = { (time_t)o->hold_idle_seconds, 0 };
    nanosleep(&hold, NULL);
    for (int i = 0; i < o->connections; i++) close(descriptors[i]);
    free(descriptors);
    free(c.output);
    return 0;
}

static int compare_latencies(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    options_t o = parse_options(argc, argv);
    if (o.hold_idle_seconds > 0) return hold_idle(&o);
    connection_t *connections = calloc((size_t)o.connections, sizeof *connections);
    int poller = epoll_create1(EPOLL_CLOEXEC);
    if (poller < 0) die("epoll_create1");
    for (int i = 0; i < o.connections; i++) {
        connections[i].fd = connect_unix(o.socket_path, 1);
        struct epoll_event event = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        if (epoll_ctl(poller, EPOLL_CTL_ADD, connections[i].fd, &event) < 0) die("epoll_ctl");
    }

    uint64_t start = now_ns();
    uint64_t measure_from = start + (uint64_t)(o.warmup_seconds * 1e9);
    uint64_t measure_until = measure_from + (uint64_t)(o.seconds * 1e9);
    uint64_t give_up_at = measure_until + DRAIN_TIMEOUT_SECONDS * 1000000000ull;
    if (o.requests) {
        /* A fixed count is measured whole, however slowly the server (under callgrind, say) answers. */
        measure_from = start;
        measure_until = give_up_at = UINT64_MAX;
    }
    uint64_t next_id = 1, errors = 0, unmatched = 0, in_flight = 0;
    struct epoll_event events[256];

    for (;;) {
        uint64_t now = now_ns();
        int sending = o.requests ? next_id <= o.requests : now < measure_until;
        if (!sending && in_flight == 0) break;
        if (now > give_up_at) {
            fprintf(stderr, "loadgen: %llu replies never arrived\n", (unsigned long long)in_flight);
            return 1;
        }

        for (int i = 0; sending && i < o.connections; i++) {
            connection_t *c = &connections[i];
            while (c->outstanding < o.pipeline && (!o.requests || next_id <= o.requests)) {
                queue_request(c, &o, next_id++, now);
                in_flight++;
            }
            flush_output(c);
            int want_writable = c->output_length > 0;
            if (want_writable != c->want_writable) {
                struct epoll_event event = {
                    .events = EPOLLIN | (want_writable ? EPOLLOUT : 0), .data.u32 = (uint32_t)i
                };
                epoll_ctl(poller, EPOLL_CTL_MOD, c->fd, &event);
                c->want_writable = want_writable;
            }
        }

        int ready = epoll_wait(poller, events, 256, 100);
        if (ready < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < ready; e++) {
            connection_t *c = &connections[events[e].data.u32];
            if (events[e].events & EPOLLOUT) flush_output(c);
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            for (;;) {
                c->input = grow(c->input, &c->input_capacity, c->input_length + READ_CHUNK, 1);
                ssize_t count = read(c->fd, c->input + c->input_length, READ_CHUNK);
                if (count < 0 && errno == EINTR) continue;
                if (count < 0 && errno == EAGAIN) break;
                if (count <= 0) {
                    fprintf(stderr, "loadgen: the server closed a connection with %d requests in flight\n",
                            c->outstanding);
                    return 1;
                }
                c->input_length += (size_t)count;
            }

            uint64_t received = now_ns();
            char *at = c->input, *end = c->input + c->input_length;
            char *newline;
            while ((newline = memchr(at, '\n', (size_t)(end - at)))) {
                size_t length = (size_t)(newline - at);
                uint64_t id = reply_id(at, length);
                if (id == UINT64_MAX || id >= next_id || sent_at[id] == 0) {
                    unmatched++;
                } else {
                    if (is_error_reply(at, length)) errors++;
                    if (sent_at[id] >= measure_from && received <= measure_until) {
                        latencies = grow(latencies, &latency_capacity, latency_count + 1, sizeof *latencies);
                        latencies[latency_count++] = received - sent_at[id];
                    }
                    sent_at[id] = 0;
                    c->outstanding--;
                    in_flight--;
                }
                at = newline + 1;
            }
            c->input_length = (size_t)(end - at);
            memmove(c->input, at, c->input_length);
        }
    }

    double seconds = o.requests ? (now_ns() - start) / 1e9 : o.seconds;
    qsort(latencies, latency_count, sizeof *latencies, compare_latencies);
    double p50 = latency_count ? latencies[latency_count / 2] / 1000.0 : 0;
    double p99 = latency_count ? latencies[(size_t)(latency_count * 0.99)] / 1000.0 : 0;
    double max = latency_count ? latencies[latency_count - 1] / 1000.0 : 0;
    printf("requests=%zu seconds=%.2f throughput=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f errors=%llu "
           "unmatched=%llu\n",
           latency_count, seconds, latency_count / seconds, p50, p99, max,
           (unsigned long long)errors, (unsigned long long)unmatched);
    return errors || unmatched ? 3 : 0;
}
