/// Limits of an `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// The largest request body accepted; a larger one is answered with 413 and the connection closes.
    public var maximumBodyBytes: Int
    /// Bytes of pipelined requests held while an earlier request waits for its answer; past this the
    /// connection stops reading until the answer is sent.
    public var maximumPendingInputBytes: Int

    public static let defaultMaximumBodyBytes = 4 * 1024 * 1024
    public static let defaultMaximumPendingInputBytes = 64 * 1024

    public init(
        maximumBodyBytes: Int = HTTPServerConfiguration.defaultMaximumBodyBytes,
        maximumPendingInputBytes: Int = HTTPServerConfiguration.defaultMaximumPendingInputBytes
    ) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumPendingInputBytes = maximumPendingInputBytes
    }
}
