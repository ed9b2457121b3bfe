import Foundation

/// One unit of background work in the durable queue, e.g. "create the automatic ticket for X".
public struct Job: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Waiting for `runAt`.
        case queued
        /// Held by a worker until `leaseExpiresAt`; afterwards it may be leased again.
        case leased
        case succeeded
        /// Failed `maxAttempts` times; kept with its last error for an operator.
        case dead
    }

    public var id: Int64
    public var kind: String
    /// JSON text the worker for `kind` understands.
    public var payload: String
    public var uniqueKey: String?
    public var state: State
    /// How many times it has been leased, including the current lease.
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Date
    /// Proves ownership of the current lease to `complete` and `fail`.
    public var leaseToken: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
}
