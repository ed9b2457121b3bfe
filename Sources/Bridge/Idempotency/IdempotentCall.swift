import Foundation
import JSON
import JSONRPC
import Logging
import Storage

/// A call that creates something and honours `_meta.idempotencyKey` (SPEC §3): the first call with a key
/// runs and its result is stored; the same key with the same params replays that result without running
/// again; the same key with other params is INVALID_ARGUMENT; the same key while the first call still runs
/// is ABORTED. Without a key the call simply runs.
///
/// ```swift
/// let call = try IdempotentCall(method: "createTickets", meta: context.meta, params: params)
/// return try await call.run(in: store, logger: logger) { try await createTickets(…) }
/// ```
///
/// A call that fails gives its key up, so a retry with the same key runs again. Results are kept as JSON
/// text in the database: pass `storing` to remove secrets before they are stored and `replaying` to put
/// them back from their own store when the result is replayed.
struct IdempotentCall {
    let method: String
    let key: String?
    /// The digest of method and params that a later call with the same key must match.
    let fingerprint: String

    init(method: String, meta: CallMeta, params: JSONValue) throws {
        self.method = method
        key = meta.idempotencyKey
        fingerprint = key == nil ? "" : try ParamsFingerprint.of(method: method, params: params)
    }

    /// Runs `body` under the key, or replays the result stored for it.
    /// - Throws: INVALID_ARGUMENT (key reused with other params), ABORTED (key in flight), or what `body`
    ///   throws.
    func run(
        in store: Store, logger: Logger, now: () -> Date = Date.init,
        storing redact: (JSONValue) -> JSONValue = { $0 },
        replaying restore: (JSONValue) throws -> JSONValue = { $0 },
        _ body: () async throws -> JSONValue
    ) async throws -> JSONValue {
        guard let key else { return try await body() }

        switch try store.idempotencyKeys.begin(key: key, method: method, paramsHash: fingerprint, now: now()) {
        case .replay(let stored):
            logger.info("idempotent call replayed", ["rpc.method": method])
            return try restore(try JSONParser.parse(Array(stored.utf8)))
        case .mismatch:
            throw RPCError.invalidArgument(
                "_meta.idempotencyKey was already used for a different call: use a new key for new params",
                violations: [FieldViolation(field: "_meta.idempotencyKey", description: "was used with other params")]
            )
        case .inFlight:
            throw RPCError.aborted(
                "a call with this _meta.idempotencyKey is still running: wait for its answer, then retry"
            )
        case .started:
            break
        }

        let result: JSONValue
        do {
            result = try await body()
        } catch {
            release(key, in: store, logger: logger)
            throw error
        }
        do {
            try store.idempotencyKeys.complete(key: key, result: JSONWriter.string(redact(result)), now: now())
        } catch {
            // The work is done: answer it. A retry with this key will run again rather than replay.
            logger.error("idempotent result not stored", ["rpc.method": method, "error": "\(error)"])
            release(key, in: store, logger: logger)
        }
        return result
    }

    private func release(_ key: String, in store: Store, logger: Logger) {
        do {
            try store.idempotencyKeys.release(key: key)
        } catch {
            logger.error("idempotency key not released", ["rpc.method": method, "error": "\(error)"])
        }
    }
}
