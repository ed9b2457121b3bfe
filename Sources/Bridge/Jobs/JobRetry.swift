import Foundation

/// Thrown by a job handler to say how the failed attempt should be retried: after the queue's backoff, at a
/// time the tracker asked for, or never again.
public struct JobRetry: Error, CustomStringConvertible {
    /// Why the attempt failed, kept on the job for an operator. Never a secret.
    public var reason: String
    /// When to try again; nil uses the queue's exponential backoff with jitter.
    public var retryAt: Date?
    /// True when trying again cannot help; the job then gives up at once.
    public var permanent: Bool

    public init(_ reason: String, retryAt: Date? = nil, permanent: Bool = false) {
        self.reason = reason
        self.retryAt = retryAt
        self.permanent = permanent
    }

    public var description: String { reason }
}
