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
    /// The time a request head (request line and headers) may take from its first byte to its last; a
    /// client still sending it then gets 408 and the connection closes, however steadily it trickles.
    public var headTimeoutMilliseconds: UInt64
    /// Client connections open at once; a connection beyond this is closed as soon as it is accepted, so
    /// that idle clients cannot use up the process's file descriptors.
    public var maximumConnections: Int

    public static let defaultMaximumBodyBytes = 4 * 1024 * 1024
    public static let defaultMaximumPendingInputBytes = 64 * 1024
    public static let defaultIdleTimeoutMilliseconds: UInt64 = 60_000
    public static let defaultHeadTimeoutMilliseconds: UInt64 = 10_000
    public static let defaultMaximumConnections = 512

    public init(
        maximumBodyBytes: Int = HTTPServerConfiguration.defaultMaximumBodyBytes,
        maximumPendingInputBytes: Int = HTTPServerConfiguration.defaultMaximumPendingInputBytes,
        idleTimeoutMilliseconds: UInt64 = HTTPServerConfiguration.defaultIdleTimeoutMilliseconds,
        headTimeoutMilliseconds: UInt64 = HTTPServerConfiguration.defaultHeadTimeoutMilliseconds,
        maximumConnections: Int = HTTPServerConfiguration.defaultMaximumConnections
    ) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumPendingInputBytes = maximumPendingInputBytes
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.headTimeoutMilliseconds = headTimeoutMilliseconds
        self.maximumConnections = max(1, maximumConnections)
    }
}
