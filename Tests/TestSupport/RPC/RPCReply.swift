import JSON

/// One JSON-RPC response object: its `id` with either a `result` or an `error`.
public struct RPCReply: Sendable, CustomStringConvertible {
    public let id: JSONValue
    /// The whole message as it came off the wire.
    public let message: JSONValue
    public let result: JSONValue?
    public let error: RPCErrorReply?

    /// Whether `message` looks like a response (rather than a request or notification from the server).
    static func isResponse(_ message: JSONValue) -> Bool {
        guard let object = message.objectValue else { return false }
        return object.contains("id") && (object.contains("result") || object.contains("error"))
    }

    public init(_ message: JSONValue) throws {
        guard RPCReply.isResponse(message), let id = message["id"] else {
            throw TestSupportError("not a JSON-RPC response: \(message)")
        }
        guard message["jsonrpc"]?.stringValue == "2.0" else {
            throw TestSupportError("a response without \"jsonrpc\": \"2.0\": \(message)")
        }
        self.message = message
        self.id = id
        result = message["result"]
        error = try message["error"].map(RPCErrorReply.init)
        guard (result == nil) != (error == nil) else {
            throw TestSupportError("a response must carry exactly one of result and error: \(message)")
        }
    }

    /// The result, or an error that shows the error reply the server sent instead.
    public func requireResult() throws -> JSONValue {
        guard let result else { throw TestSupportError("expected a result, got \(error!)") }
        return result
    }

    /// The error, or an error that shows the result the server sent instead.
    public func requireError() throws -> RPCErrorReply {
        guard let error else { throw TestSupportError("expected an error, got the result \(result!)") }
        return error
    }

    public var description: String { JSONWriter.string(message) }
}
