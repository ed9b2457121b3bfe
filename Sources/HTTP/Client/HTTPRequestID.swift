/// Names one in-flight request of an `HTTPClient`, so that it can be cancelled.
public struct HTTPRequestID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public var description: String { "\(rawValue)" }
}
