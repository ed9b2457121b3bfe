/*
 * Baseline for the health.check benchmark: the least a libuv JSON-RPC server can do.
 *
 * It listens on a Unix socket, splits the input into lines, checks that each line is one well-formed JSON
 * value, takes the top-level "id" and answers a constant result carrying that id. No method lookup, no
 * allocation per request beyond the reply buffer. tracker-bridge is measured against this.
 *
 * Usage: baseline-c-server SOCKET_PATH
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <uv.h>

enum { MAX_LINE_BYTES = 4 * 1024 * 1024, MAX_DEPTH = 256, BACKLOG = 1024 };

static const char REPLY_HEAD[] = "{\"jsonrpc\":\"2.0\",\"id\":";
static const char REPLY_TAIL[] = ",\"result\":{\"status\":\"SERVING\"}}\n";

typedef struct {
    uv_pipe_t pipe;
    char *line;
    size_t line_length;
} connection_t;

typedef struct {
    uv_write_t request;
    uv_buf_t buffer;
} write_t;

/* ---- A strict, allocation-free JSON scanner: validates one value and finds the top-level "id". ---- */

typedef struct {
    const char *at;
    const char *end;
    const char *id_start;
    size_t id_length;
} scanner_t;

static int scan_value(scanner_t *s, int depth);

static void skip_space(scanner_t *s) {
    while (s->at < s->end && (*s->at == ' ' || *s->at == '\t' || *s->at == '\r' || *s->at == '\n')) s->at++;
}

static int scan_string(scanner_t *s) {
    if (s->at >= s->end || *s->at != '"') return 0;
    s->at++;
    while (s->at < s->end) {
        unsigned char c = (unsigned char)*s->at++;
        if (c == '"') return 1;
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (s->at >= s->end) return 0;
            char e = *s->at++;
            if (e == 'u') {
                for (int i = 0; i < 4; i++, s->at++) {
                    if (s->at >= s->end || !((*s->at >= '0' && *s->at <= '9') || (*s->at >= 'a' && *s->at <= 'f') ||
                                             (*s->at >= 'A' && *s->at <= 'F')))
                        return 0;
                }
            } else if (!strchr("\"\\/bfnrt", e)) {
                return 0;
            }
        }
    }
    return 0;
}

static int scan_number(scanner_t *s) {
    const char *start = s->at;
    if (s->at < s->end && *s->at == '-') s->at++;
    while (s->at < s->end && ((*s->at >= '0' && *s->at <= '9') || *s->at == '.' || *s->at == 'e' ||
                              *s->at == 'E' || *s->at == '+' || *s->at == '-'))
        s->at++;
    return s->at > start;
}

static int scan_literal(scanner_t *s, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(s->end - s->at) < n || memcmp(s->at, word, n) != 0) return 0;
    s->at += n;
    return 1;
}

static int scan_object(scanner_t *s, int depth) {
    s->at++;
    skip_space(s);
    if (s->at < s->end && *s->at == '}') { s->at++; return 1; }
    for (;;) {
        skip_space(s);
        const char *key = s->at;
        if (!scan_string(s)) return 0;
        int is_id = depth == 1 && s->at - key == 4 && memcmp(key, "\"id\"", 4) == 0;
        skip_space(s);
        if (s->at >= s->end || *s->at++ != ':') return 0;
        skip_space(s);
        const char *value = s->at;
        if (!scan_value(s, depth)) return 0;
        if (is_id) { s->id_start = value; s->id_length = (size_t)(s->at - value); }
        skip_space(s);
        if (s->at >= s->end) return 0;
        if (*s->at == ',') { s->at++; continue; }
        if (*s->at == '}') { s->at++; return 1; }
        return 0;
    }
}

static int scan_array(scanner_t *s, int depth) {
    s->at++;
    skip_space(s);
    if (s->at < s->end && *s->at == ']') { s->at++; return 1; }
    for (;;) {
        skip_space(s);
        if (!scan_value(s, depth)) return 0;
        skip_space(s);
        if (s->at >= s->end) return 0;
        if (*s->at == ',') { s->at++; continue; }
        if (*s->at == ']') { s->at++; return 1; }
        return 0;
    }
}

static int scan_value(scanner_t *s, int depth) {
    if (depth > MAX_DEPTH || s->at >= s->end) return 0;
    switch (*s->at) {
    case '{': return scan_object(s, depth + 1);
    case '[': return scan_array(s, depth + 1);
    case '"': return scan_string(s);
    case 't': return scan_literal(s, "true");
    case 'f': return scan_literal(s, "false");
    case 'n': return scan_literal(s, "null");
    default: return scan_number(s);
    }
}

/* ---- Socket glue. ---- */

static void free_write(uv_write_t *request, int status) {
    (void)status;
    write_t *w = (write_t *)request;
    free(w->buffer.base);
    free(w);
}

static void on_closed(uv_handle_t *handle) {
    connection_t *c = (connection_t *)handle;
    free(c->line);
    free(c);
}

static void answer(const char *line, size_t length, char *out, size_t *out_length) {
    scanner_t s = { line, line + length, NULL, 0 };
    skip_space(&s);
    int valid = scan_value(&s, 0);
    skip_space(&s);
    if (!valid || s.at != s.end) {
        static const char parse_error[] =
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}\n";
        memcpy(out + *out_length, parse_error, sizeof parse_error - 1);
        *out_length += sizeof parse_error - 1;
        return;
    }
    const char *id = s.id_start ? s.id_start : "null";
    size_t id_length = s.id_start ? s.id_length : 4;
    memcpy(out + *out_length, REPLY_HEAD, sizeof REPLY_HEAD - 1);
    *out_length += sizeof REPLY_HEAD - 1;
    memcpy(out + *out_length, id, id_length);
    *out_length += id_length;
    memcpy(out + *out_length, REPLY_TAIL, sizeof REPLY_TAIL - 1);
    *out_length += sizeof REPLY_TAIL - 1;
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buffer) {
    (void)handle;
    buffer->base = malloc(suggested);
    buffer->len = suggested;
}

static void on_read(uv_stream_t *stream, ssize_t count, const uv_buf_t *buffer) {
    connection_t *c = (connection_t *)stream;
    if (count < 0) {
        free(buffer->base);
        uv_close((uv_handle_t *)stream, on_closed);
        return;
    }

    /* Each line can produce at most one reply of bounded size plus its id, which is no longer than the line. */
    size_t capacity = 0, out_length = 0;
    char *out = NULL;
    const char *at = buffer->base, *end = buffer->base + count;
    while (at < end) {
        const char *newline = memchr(at, '\n', (size_t)(end - at));
        size_t piece = newline ? (size_t)(newline - at) : (size_t)(end - at);
        if (c->line_length + piece > MAX_LINE_BYTES) {
            free(buffer->base);
            free(out);
            uv_close((uv_handle_t *)stream, on_closed);
            return;
        }
        const char *line = at;
        size_t line_length = piece;
        if (c->line_length > 0 || !newline) {
            c->line = realloc(c->line, c->line_length + piece);
            memcpy(c->line + c->line_length, at, piece);
            c->line_length += piece;
            line = c->line;
            line_length = c->line_length;
        }
        if (!newline) break;
        at = newline + 1;
        if (line_length > 0 && line[line_length - 1] == '\r') line_length--;
        if (line_length > 0) {
            size_t need = out_length + line_length + sizeof REPLY_HEAD + sizeof REPLY_TAIL + 128;
            if (need > capacity) {
                capacity = need * 2;
                out = realloc(out, capacity);
            }
            answer(line, line_length, out, &out_length);
        }
        c->line_length = 0;
    }
    free(buffer->base);

    if (out_length > 0) {
        write_t *w = malloc(sizeof *w);
        w->buffer = uv_buf_init(out, (unsigned)out_length);
        uv_write(&w->request, stream, &w->buffer, 1, free_write);
    } else {
        free(out);
    }
}

static void on_connection(uv_stream_t *server, int status) {
    if (status < 0) return;
    connection_t *c = calloc(1, sizeof *c);
    uv_pipe_init(server->loop, &c->pipe, 0);
    if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0) {
        uv_close((uv_handle_t *)&c->pipe, on_closed);
        return;
    }
    uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

static void on_signal(uv_signal_t *handle, int signal) {
    (void)signal;
    uv_stop(handle->loop);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]);
        return 2;
    }
    uv_loop_t *loop = uv_default_loop();
    uv_pipe_t server;
    uv_pipe_init(loop, &server, 0);
    unlink(argv[1]);
    int error = uv_pipe_bind(&server, argv[1]);
    if (error == 0) error = uv_listen((uv_stream_t *)&server, BACKLOG, on_connection);
    if (error != 0) {
        fprintf(stderr, "baseline-c-server: cannot listen on %s: %s\n", argv[1], uv_strerror(error));
        return 1;
    }
    uv_signal_t term, interrupt;
    uv_signal_init(loop, &term);
    uv_signal_start(&term, on_signal, SIGTERM);
    uv_signal_init(loop, &interrupt);
    uv_signal_start(&interrupt, on_signal, SIGINT);
    uv_run(loop, UV_RUN_DEFAULT);
    unlink(argv[1]);
    return 0;
}
