import JSON

/// One request or notification a test client sent, with the reply it got (if any yet).
public struct RPCExchange: Sendable {
    public let method: String
    /// The whole request as written.
    public let request: JSONValue
    /// The reply, once it arrived; always `nil` for notifications.
    public internal(set) var reply: JSONValue?

    public var isNotification: Bool { request["id"] == nil }
}
