import Foundation

/// How failed jobs are retried: exponential backoff with jitter, up to a number of attempts.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// The fraction of the delay added at random, so that jobs failing together do not retry together.
    public var jitter: Double

    public static let standard = RetryPolicy(maxAttempts: 8, baseDelay: 2, maxDelay: 15 * 60, jitter: 0.2)

    public init(maxAttempts: Int, baseDelay: TimeInterval, maxDelay: TimeInterval, jitter: Double) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The wait before the next try, after `attempts` tries have failed:
    /// `min(maxDelay, baseDelay × 2^(attempts-1))`, plus up to `jitter` of that at random.
    public func delay(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = Double(max(attempts - 1, 0))
        let backoff = min(maxDelay, baseDelay * pow(2, min(exponent, 62)))
        return backoff + backoff * jitter * Double.random(in: 0...1)
    }
}
