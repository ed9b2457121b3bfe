/// A failed call to the tracker, classified for the caller: the status, a message an administrator can act
/// on, whether trying again later may succeed, and what the tracker said. Never carries a secret.
public struct TrackerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: TrackerStatus
    /// What happened and what to do, e.g. "the token was rejected: check it has not expired".
    public var message: String
    /// Whether the same call may succeed later without any change on the caller's side.
    public var retryable: Bool
    /// How long the tracker asked callers to wait, when it said so (`Retry-After`).
    public var retryAfterMs: Int?
    public var upstream: TrackerUpstream?

    public init(
        status: TrackerStatus, message: String, retryable: Bool = false, retryAfterMs: Int? = nil,
        upstream: TrackerUpstream? = nil
    ) {
        self.status = status
        self.message = message
        self.retryable = retryable
        self.retryAfterMs = retryAfterMs
        self.upstream = upstream
    }

    public var description: String { "\(status.name): \(message)" }

    static func cancelled(_ operation: String) -> TrackerError {
        TrackerError(status: .cancelled, message: "\(operation) was cancelled")
    }
}
