/// Limits of an `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// The largest request body accepted; a larger one is answered with 413 and the connection closes.
    public var maximumBodyBytes: Int
    /// Bytes of pipelined requests held while an earlier request waits for its answer; past this the
    /// connection stops reading until the answer is sent.
    public var maximumPendingInputBytes: Int
    /// A connection with no request in flight that sends nothing for this long is closed (with 408 when it
    /// stopped in the middle of a request), so idle or stalled clients cannot hold connections forever.
    public var idleTimeoutMilliseconds: UInt64

    public static let defaultMaximumBodyBytes = 4 * 1024 * 1024
    public static let defaultMaximumPendingInputBytes = 64 * 1024
    public static let defaultIdleTimeoutMilliseconds: UInt64 = 60_000

    public init(
        maximumBodyBytes: Int = HTTPServerConfiguration.defaultMaximumBodyBytes,
        maximumPendingInputBytes: Int = HTTPServerConfiguration.defaultMaximumPendingInputBytes,
        idleTimeoutMilliseconds: UInt64 = HTTPServerConfiguration.defaultIdleTimeoutMilliseconds
    ) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumPendingInputBytes = maximumPendingInputBytes
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
    }
}
