import JSON

/// The limits SPEC §3 puts on incoming messages, and on how much work one connection may start.
public struct RPCLimits: Sendable, Equatable {
    /// The default of `--max-message-bytes`: 4 MiB.
    public static let defaultMaxMessageBytes = 4 * 1024 * 1024
    /// Default number of calls one connection may have running at once.
    public static let defaultMaxCallsInFlight = 64
    /// Default number of entries one batch may hold. A batch's reply is built whole before it is sent, so
    /// this bounds it: 100 of the largest replies (`rpc.discover`) stay near 5 MB.
    public static let defaultMaxBatchEntries = 100

    /// Longest accepted line, without its terminator; longer lines get Invalid Request with `id: null`.
    public var maxMessageBytes: Int
    /// Deepest accepted nesting of arrays and objects; deeper messages get Parse error.
    public var maxDepth: Int
    /// Calls (requests and notifications whose handlers run as tasks) one connection may have running. At the
    /// limit the session takes no further messages until one of them ends; the rest wait unread.
    public var maxCallsInFlight: Int
    /// Most entries one batch may hold; a longer batch is answered with one Invalid Request error.
    public var maxBatchEntries: Int

    public init(
        maxMessageBytes: Int = defaultMaxMessageBytes, maxDepth: Int = JSONParser.defaultMaxDepth,
        maxCallsInFlight: Int = defaultMaxCallsInFlight, maxBatchEntries: Int = defaultMaxBatchEntries
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxCallsInFlight = maxCallsInFlight
        self.maxBatchEntries = maxBatchEntries
    }
}
