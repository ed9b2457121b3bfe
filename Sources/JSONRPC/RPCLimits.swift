import JSON

/// The limits SPEC §3 puts on incoming messages.
public struct RPCLimits: Sendable, Equatable {
    /// The default of `--max-message-bytes`: 4 MiB.
    public static let defaultMaxMessageBytes = 4 * 1024 * 1024

    /// Longest accepted line, without its terminator; longer lines get Invalid Request with `id: null`.
    public var maxMessageBytes: Int
    /// Deepest accepted nesting of arrays and objects; deeper messages get Parse error.
    public var maxDepth: Int

    public init(maxMessageBytes: Int = defaultMaxMessageBytes, maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
    }
}
