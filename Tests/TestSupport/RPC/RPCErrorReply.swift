import JSON

/// The `error` member of a JSON-RPC reply.
public struct RPCErrorReply: Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let message: String
    public let data: JSONValue?

    /// `data.status`, the gRPC-style name every error of this server carries (`INVALID_ARGUMENT`, …).
    public var status: String? { data?["status"]?.stringValue }

    /// The fields named in `data.fieldViolations`.
    public var violatedFields: [String] {
        data?["fieldViolations"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
    }

    public init(_ value: JSONValue) throws {
        guard let code = value["code"]?.intValue, let message = value["message"]?.stringValue else {
            throw TestSupportError("an error reply without an integer code and a message: \(value)")
        }
        self.code = code
        self.message = message
        data = value["data"]
    }

    public var description: String {
        "error \(code) \(status ?? "-"): \(message)"
    }
}
