/*
 * Raw SQLite baseline for reportVulnerabilities: inserts N findings into a fresh database with the same
 * vulnerabilities table, indexes and settings tracker-bridge uses (WAL, synchronous = FULL, foreign keys on,
 * a connection opened without its own mutex), in one transaction with one prepared statement, and prints how
 * long the transaction took.
 *
 * The rows are the ones Benchmarks/scenarios/30-report-vulnerabilities.bash sends to tracker-bridge:
 * id bench-<i>, application app-<i % 20>, and the same title, rule, severity, url and details.
 *
 * Usage: insert DATABASE_PATH COUNT   prints "rows=N seconds=S"
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *schema =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
    "CREATE TABLE vulnerabilities (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " application_id TEXT NOT NULL, application_name TEXT NOT NULL, title TEXT NOT NULL, rule TEXT NOT NULL,"
    " severity TEXT NOT NULL, status TEXT NOT NULL, description TEXT, url TEXT, details TEXT,"
    " reported_first_seen_at INTEGER, discovered_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX vulnerabilities_application ON vulnerabilities (application_id, seq);"
    "CREATE INDEX vulnerabilities_status ON vulnerabilities (status, seq);";

static const char *severities[] = {"Critical", "High", "Medium", "Low", "Note"};

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "insert: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: insert DATABASE_PATH COUNT\n");
        return 2;
    }
    int count = atoi(argv[2]);
    sqlite3 *db;
    check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL),
          db, "open");
    check(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");

    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO vulnerabilities (id, application_id, application_name, title, rule, severity, status,"
        " description, url, details, reported_first_seen_at, discovered_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'Reported', ?, ?, ?, NULL, ?, ?) ON CONFLICT (id) DO NOTHING",
        -1, &insert, NULL), db, "prepare");

    double started = now_seconds();
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
    char id[32], application[32], name[48], title[64], url[80];
    long long nowMs = (long long)time(NULL) * 1000;
    for (int i = 0; i < count; i++) {
        snprintf(id, sizeof id, "bench-%d", i);
        snprintf(application, sizeof application, "app-%d", i % 20);
        snprintf(name, sizeof name, "Application %d", i % 20);
        snprintf(title, sizeof title, "Finding %d in /path/%d", i, i % 97);
        snprintf(url, sizeof url, "https://scanner.example.com/findings/bench-%d", i);
        sqlite3_bind_text(insert, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, application, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 4, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 5, i % 2 ? "xss" : "sql-injection", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 6, severities[i % 5], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 7, "A finding reported by the benchmark.", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 8, url, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 9, "GET /path?q=1 HTTP/1.1", -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 10, nowMs);
        sqlite3_bind_int64(insert, 11, nowMs);
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    double elapsed = now_seconds() - started;

    sqlite3_finalize(insert);
    sqlite3_close(db);
    printf("rows=%d seconds=%.4f\n", count, elapsed);
    return 0;
}
