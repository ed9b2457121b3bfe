/// When and how long to wait before trying a failed tracker call again.
///
/// Throttling (429, and 503 with `Retry-After`) waits as long as the tracker asked. Other transient failures
/// (502, 503, 504, a dropped connection, a timeout) wait an exponentially growing, jittered delay. A call
/// that is not safe to repeat (creating a work item without a marker, adding a comment) is retried only
/// when the failure proves the tracker never saw it (throttled, or the connection was never made).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first one included.
    public var maximumAttempts: Int
    /// The delay before the second attempt; each later one doubles it.
    public var initialBackoffMilliseconds: UInt64
    public var maximumBackoffMilliseconds: UInt64
    /// A `Retry-After` longer than this is not waited out: the call fails with RESOURCE_EXHAUSTED and
    /// `retryAfterMs`, and the caller decides.
    public var maximumRetryAfterMilliseconds: UInt64

    public init(
        maximumAttempts: Int = 4, initialBackoffMilliseconds: UInt64 = 250, maximumBackoffMilliseconds: UInt64 = 8_000,
        maximumRetryAfterMilliseconds: UInt64 = 60_000
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoffMilliseconds = initialBackoffMilliseconds
        self.maximumBackoffMilliseconds = maximumBackoffMilliseconds
        self.maximumRetryAfterMilliseconds = maximumRetryAfterMilliseconds
    }

    /// No retries at all.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// The jittered delay after failed attempt number `attempt` (1-based): half of the exponential step
    /// fixed, half random, so that many clients failing together do not retry together.
    public func backoffMilliseconds(afterAttempt attempt: Int) -> UInt64 {
        let doublings = UInt64(min(max(attempt - 1, 0), 20))
        let step = min(maximumBackoffMilliseconds, initialBackoffMilliseconds << doublings)
        let half = step / 2
        return half + UInt64.random(in: 0...max(half, 1))
    }

    /// How long to wait before another attempt, or nil when the failure should be returned now.
    func delay(after error: TrackerError, attempt: Int, repeatable: Bool, neverSent: Bool) -> UInt64? {
        guard attempt < maximumAttempts, error.retryable else { return nil }
        guard repeatable || neverSent else { return nil }
        if let retryAfter = error.retryAfterMs {
            let wait = UInt64(max(0, retryAfter))
            return wait <= maximumRetryAfterMilliseconds ? wait : nil
        }
        return backoffMilliseconds(afterAttempt: attempt)
    }
}
