import Foundation
import SQLite

/// The durable job queue that automatic ticket creation and background sync run from.
///
/// Leasing is one `BEGIN IMMEDIATE` transaction, so two workers (even in two processes) never lease the
/// same job at once. A worker that dies keeps its lease only until `leaseExpiresAt`; the job then becomes
/// runnable again and counts the lost lease as an attempt.
public struct JobQueue {
    let database: Database

    private var connection: Connection { database.connection }

    private static let columns = """
        id, kind, payload, unique_key, state, attempts, max_attempts, run_at, lease_token, lease_expires_at,
        last_error, created_at
        """

    /// Adds a job. With a `uniqueKey`, a job already queued under that key (in any state, even finished) is
    /// returned instead, so the same automatic ticket is never queued twice.
    /// - Returns: the job and whether this call inserted it.
    @discardableResult
    public func enqueue(
        kind: String, payload: String, uniqueKey: String? = nil, runAt: Date? = nil,
        maxAttempts: Int = RetryPolicy.standard.maxAttempts, now: Date = Date()
    ) throws -> (job: Job, inserted: Bool) {
        try database.write("queueing a job") {
            try connection.run(
                """
                INSERT INTO jobs (kind, payload, unique_key, state, max_attempts, run_at, created_at, updated_at)
                VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)
                ON CONFLICT (unique_key) DO NOTHING
                """,
                [
                    kind, payload, uniqueKey, max(maxAttempts, 1), Timestamp.milliseconds(runAt ?? now),
                    Timestamp.milliseconds(now), Timestamp.milliseconds(now),
                ]
            )
            if connection.changes == 1 {
                return (try require(connection.lastInsertRowID), true)
            }
            guard let uniqueKey, let row = try connection.queryFirst(
                "SELECT \(Self.columns) FROM jobs WHERE unique_key = ?", [uniqueKey]
            ) else {
                throw StorageError(.internal, "a job was neither queued nor found under its unique key")
            }
            return (try job(from: row), false)
        }
    }

    /// Leases the job that has been due the longest (queued and due, or leased with an expired lease).
    ///
    /// A job whose lease expired after its last allowed attempt becomes `dead` instead of running again.
    /// - Parameters:
    ///   - kinds: only jobs of these kinds; nil for any.
    ///   - leaseDuration: how long the worker may take before the job is considered abandoned.
    /// - Returns: the leased job with a fresh `leaseToken`, or nil when nothing is due.
    public func leaseNext(kinds: [String]? = nil, leaseDuration: TimeInterval, now: Date = Date()) throws -> Job? {
        let nowMilliseconds = Timestamp.milliseconds(now)
        var kindCondition = ""
        var kindBindings: [any SQLiteBindable] = []
        if let kinds {
            kindCondition = " AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))"
            kindBindings = kinds
        }
        let sql = """
            SELECT id, due, attempts, max_attempts FROM (
                SELECT id, run_at AS due, attempts, max_attempts FROM jobs
                WHERE state = 'queued' AND run_at <= ?\(kindCondition)
                UNION ALL
                SELECT id, lease_expires_at AS due, attempts, max_attempts FROM jobs
                WHERE state = 'leased' AND lease_expires_at <= ?\(kindCondition)
            ) ORDER BY due, id LIMIT 1
            """
        let bindings: [any SQLiteBindable] = [nowMilliseconds] + kindBindings + [nowMilliseconds] + kindBindings

        return try database.write("leasing a job") {
            while let row = try connection.queryFirst(sql, bindings) {
                let id = try row.int64(0)
                if try row.int(2) >= row.int(3) {
                    try connection.run(
                        """
                        UPDATE jobs SET state = 'dead', lease_token = NULL, lease_expires_at = NULL, updated_at = ?,
                            last_error = 'lease expired on the last allowed attempt: the worker stopped or hung'
                        WHERE id = ?
                        """,
                        [nowMilliseconds, id]
                    )
                    database.logger.warning("job gave up after its lease expired", ["job.id": id])
                    continue
                }
                try connection.run(
                    """
                    UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_token = ?, lease_expires_at = ?,
                        updated_at = ?
                    WHERE id = ?
                    """,
                    [
                        UUID().uuidString, Timestamp.milliseconds(now.addingTimeInterval(leaseDuration)),
                        nowMilliseconds, id,
                    ]
                )
                return try require(id)
            }
            return nil
        }
    }

    /// Marks a leased job done.
    /// - Returns: false when the lease was lost (it expired and the job was leased again); the caller's
    ///   result then must not be trusted as the only run.
    @discardableResult
    public func complete(_ job: Job, now: Date = Date()) throws -> Bool {
        try database.write("completing a job") {
            try connection.run(
                """
                UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_expires_at = NULL, last_error = NULL,
                    updated_at = ?
                WHERE id = ? AND state = 'leased' AND lease_token = ?
                """,
                [Timestamp.milliseconds(now), job.id, job.leaseToken]
            )
            return connection.changes == 1
        }
    }

    /// Marks the job queued under `uniqueKey` done without running it, because its work got done another way
    /// (a ticket's resume job once the ticket is recorded as created). A leased job is left to its worker, and
    /// a finished one stays as it is.
    /// - Returns: whether a queued job was marked done.
    @discardableResult
    public func complete(uniqueKey: String, now: Date = Date()) throws -> Bool {
        try database.write("completing a job by its key") {
            try connection.run(
                """
                UPDATE jobs SET state = 'succeeded', last_error = NULL, updated_at = ?
                WHERE unique_key = ? AND state = 'queued'
                """,
                [Timestamp.milliseconds(now), uniqueKey]
            )
            return connection.changes == 1
        }
    }

    /// Ends every lease at `now`, for a process that has just opened the database: none of its workers can
    /// hold one yet, so each lease belongs to a process that stopped (one process uses a database at a time).
    /// Without this, a job leased by a killed server would wait for its lease to expire.
    ///
    /// The jobs become due at once; `leaseNext` then treats them like any expired lease, counting the lost
    /// lease as an attempt and giving up on a job that was on its last one.
    /// - Returns: how many leases ended.
    @discardableResult
    public func expireAllLeases(now: Date = Date()) throws -> Int {
        let nowMilliseconds = Timestamp.milliseconds(now)
        return try database.write("ending the leases of a stopped process") {
            try connection.run(
                """
                UPDATE jobs SET lease_expires_at = ?, updated_at = ?
                WHERE state = 'leased' AND lease_expires_at > ?
                """,
                [nowMilliseconds, nowMilliseconds, nowMilliseconds]
            )
            return connection.changes
        }
    }

    /// Records a failed attempt: the job is queued again after the policy's backoff (or at `retryAt`, e.g.
    /// from a Retry-After header), or becomes `dead` once it has used all its attempts.
    /// - Parameter permanent: true when retrying cannot help (the job goes straight to `dead`).
    /// - Returns: the job as stored now, or nil when the lease was lost.
    @discardableResult
    public func fail(
        _ job: Job, error: String, permanent: Bool = false, retryAt: Date? = nil,
        policy: RetryPolicy = .standard, now: Date = Date()
    ) throws -> Job? {
        try database.write("recording a failed job") {
            guard let current = try get(job.id), current.state == .leased, current.leaseToken == job.leaseToken else {
                return nil
            }
            let exhausted = permanent || current.attempts >= current.maxAttempts
            let nextRun = retryAt ?? now.addingTimeInterval(policy.delay(afterAttempts: current.attempts))
            try connection.run(
                """
                UPDATE jobs SET state = ?, run_at = ?, last_error = ?, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = ?
                WHERE id = ?
                """,
                [
                    exhausted ? "dead" : "queued", Timestamp.milliseconds(exhausted ? now : nextRun), error,
                    Timestamp.milliseconds(now), job.id,
                ]
            )
            let stored = try get(job.id)
            if exhausted {
                database.logger.warning(
                    "job gave up", ["job.id": job.id, "job.kind": job.kind, "job.attempts": current.attempts]
                )
            }
            return stored
        }
    }

    public func get(_ id: Int64) throws -> Job? {
        try database.read("reading a job") {
            try connection.queryFirst("SELECT \(Self.columns) FROM jobs WHERE id = ?", [id]).map(job(from:))
        }
    }

    /// Jobs in a state, oldest first, for observability.
    public func list(state: Job.State, limit: Int = 100) throws -> [Job] {
        try database.read("listing jobs") {
            try connection.query(
                "SELECT \(Self.columns) FROM jobs WHERE state = ? ORDER BY id LIMIT ?", [state.rawValue, limit]
            ).map(job(from:))
        }
    }

    /// How many jobs are in each state (states without jobs count 0).
    public func counts() throws -> [Job.State: Int] {
        try database.read("counting jobs") {
            var counts = Dictionary(uniqueKeysWithValues: Job.State.allCases.map { ($0, 0) })
            for row in try connection.query("SELECT state, count(*) FROM jobs GROUP BY state") {
                if let state = Job.State(rawValue: try row.string(0)) {
                    counts[state] = try row.int(1)
                }
            }
            return counts
        }
    }

    private func require(_ id: Int64) throws -> Job {
        guard let job = try get(id) else { throw StorageError(.notFound, "no job with id \(id)") }
        return job
    }

    private func job(from row: Row) throws -> Job {
        guard let state = Job.State(rawValue: try row.string(4)) else {
            throw StorageError(.corrupt, "stored job \(try row.int64(0)) has an unknown state")
        }
        return Job(
            id: try row.int64(0),
            kind: try row.string(1),
            payload: try row.string(2),
            uniqueKey: try row.optionalString(3),
            state: state,
            attempts: try row.int(5),
            maxAttempts: try row.int(6),
            runAt: Timestamp.date(try row.int64(7)),
            leaseToken: try row.optionalString(8),
            leaseExpiresAt: Timestamp.optionalDate(try row.optionalInt64(9)),
            lastError: try row.optionalString(10),
            createdAt: Timestamp.date(try row.int64(11))
        )
    }
}
