import Foundation
import SQLite

/// Idempotency keys (`_meta.idempotencyKey`): the same key with the same params replays the stored result.
///
/// The caller hashes the canonical params (e.g. `Digest.sha256Hex`) so that storage compares them without
/// keeping them.
public struct IdempotencyKeyRepository {
    /// How long a completed result is replayed.
    public static let defaultRetention: TimeInterval = 24 * 60 * 60

    let database: Database

    private var connection: Connection { database.connection }

    /// Claims a key for a call, or reports why the call must not run.
    public func begin(
        key: String, method: String, paramsHash: String, now: Date = Date(),
        retention: TimeInterval = IdempotencyKeyRepository.defaultRetention
    ) throws -> IdempotencyBeginOutcome {
        let nowMilliseconds = Timestamp.milliseconds(now)
        return try database.write("claiming an idempotency key") {
            if let row = try connection.queryFirst(
                "SELECT method, params_hash, state, result FROM idempotency_keys WHERE key = ? AND expires_at > ?",
                [key, nowMilliseconds]
            ) {
                guard try row.string(0) == method, try row.string(1) == paramsHash else { return .mismatch }
                guard try row.string(2) == "completed" else { return .inFlight }
                return .replay(result: try row.optionalString(3) ?? "{}")
            }
            try connection.run(
                """
                INSERT OR REPLACE INTO idempotency_keys
                    (key, method, params_hash, state, result, created_at, expires_at)
                VALUES (?, ?, ?, 'inFlight', NULL, ?, ?)
                """,
                [key, method, paramsHash, nowMilliseconds, Timestamp.milliseconds(now.addingTimeInterval(retention))]
            )
            return .started
        }
    }

    /// Stores the result of a call that claimed `key`; later calls with the same key replay it.
    public func complete(
        key: String, result: String, now: Date = Date(),
        retention: TimeInterval = IdempotencyKeyRepository.defaultRetention
    ) throws {
        try database.write("storing an idempotent result") {
            try connection.run(
                "UPDATE idempotency_keys SET state = 'completed', result = ?, expires_at = ? WHERE key = ?",
                [result, Timestamp.milliseconds(now.addingTimeInterval(retention)), key]
            )
            guard connection.changes == 1 else {
                throw StorageError(.notFound, "idempotency key \(key) was not claimed or has expired")
            }
        }
    }

    /// Gives up a claimed key without a result (the call failed in a way worth retrying, or was cancelled),
    /// so the next call with it runs.
    public func release(key: String) throws {
        try database.write("releasing an idempotency key") {
            try connection.run("DELETE FROM idempotency_keys WHERE key = ? AND state = 'inFlight'", [key])
        }
    }

    /// Releases every in-flight key; for start-up, when no call can still be running.
    @discardableResult
    public func releaseAllInFlight() throws -> Int {
        try database.write("releasing idempotency keys") {
            try connection.run("DELETE FROM idempotency_keys WHERE state = 'inFlight'")
            return connection.changes
        }
    }

    /// Deletes keys whose retention has passed; returns how many.
    @discardableResult
    public func purgeExpired(now: Date = Date()) throws -> Int {
        try database.write("purging idempotency keys") {
            try connection.run("DELETE FROM idempotency_keys WHERE expires_at <= ?", [Timestamp.milliseconds(now)])
            return connection.changes
        }
    }
}
