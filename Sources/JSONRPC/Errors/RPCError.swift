import JSON

/// An error answer: the JSON-RPC `code` and `message`, and the `data` members SPEC §3 defines.
///
/// Protocol errors keep the JSON-RPC codes (-32700 ... -32603); application errors use the status number.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    /// Always sent as `data.status`.
    public var status: Status
    public var retryable: Bool?
    public var retryAfterMs: Int?
    public var fieldViolations: [FieldViolation]?
    public var upstream: UpstreamFailure?

    /// An application error whose code is the status number.
    public init(
        _ status: Status, _ message: String, retryable: Bool? = nil, retryAfterMs: Int? = nil,
        fieldViolations: [FieldViolation]? = nil, upstream: UpstreamFailure? = nil
    ) {
        self.init(
            code: status.rawValue, status: status, message: message, retryable: retryable,
            retryAfterMs: retryAfterMs, fieldViolations: fieldViolations, upstream: upstream
        )
    }

    /// An error with an explicit code, for the JSON-RPC protocol codes.
    public init(
        code: Int, status: Status, message: String, retryable: Bool? = nil, retryAfterMs: Int? = nil,
        fieldViolations: [FieldViolation]? = nil, upstream: UpstreamFailure? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.retryable = retryable
        self.retryAfterMs = retryAfterMs
        self.fieldViolations = fieldViolations
        self.upstream = upstream
    }

    public var description: String { "\(status.name) (\(code)): \(message)" }

    /// The `data` member.
    public var data: JSONValue {
        var data = JSONObject()
        data.append(key: "status", value: .string(status.name))
        if let retryable { data.append(key: "retryable", value: .bool(retryable)) }
        if let retryAfterMs { data.append(key: "retryAfterMs", value: .number(JSONNumber(retryAfterMs))) }
        if let fieldViolations {
            data.append(key: "fieldViolations", value: .array(fieldViolations.map { violation in
                ["field": .string(violation.field), "description": .string(violation.description)]
            }))
        }
        if let upstream {
            var upstreamObject = JSONObject()
            if let status = upstream.httpStatus {
                upstreamObject.append(key: "httpStatus", value: .number(JSONNumber(status)))
            }
            if let message = upstream.message { upstreamObject.append(key: "message", value: .string(message)) }
            if let typeKey = upstream.typeKey { upstreamObject.append(key: "typeKey", value: .string(typeKey)) }
            data.append(key: "upstream", value: .object(upstreamObject))
        }
        return .object(data)
    }

    /// The whole error object: `{"code":..,"message":..,"data":{..}}`.
    public var jsonValue: JSONValue {
        ["code": .number(JSONNumber(code)), "message": .string(message), "data": data]
    }

    /// Reads an error object as it travels on the wire (for clients and tests).
    public init?(jsonValue: JSONValue) {
        guard let code = jsonValue["code"]?.intValue, let message = jsonValue["message"]?.stringValue,
            let statusName = jsonValue["data"]?["status"]?.stringValue, let status = Status(name: statusName)
        else { return nil }
        let data = jsonValue["data"]
        self.init(
            code: code, status: status, message: message, retryable: data?["retryable"]?.boolValue,
            retryAfterMs: data?["retryAfterMs"]?.intValue,
            fieldViolations: try? data?["fieldViolations"]?.decode([FieldViolation].self),
            upstream: try? data?["upstream"]?.decode(UpstreamFailure.self)
        )
    }

    /// The error a caller sees for anything a handler throws. Errors that do not describe themselves as an
    /// `RPCError` become INTERNAL, so their text (which may hold secrets) never leaves the server.
    public static func from(_ error: any Error) -> RPCError {
        switch error {
        case let convertible as any RPCErrorConvertible: convertible.rpcError
        case is CancellationError: .cancelled()
        case let decoding as JSONDecodingError: .invalidParams(violations: [FieldViolation(decoding)])
        default: .internalError()
        }
    }
}

extension FieldViolation {
    /// The violation for a params decoding failure.
    public init(_ error: JSONDecodingError) {
        self.init(field: error.field.isEmpty ? "params" : error.field, description: error.reason)
    }
}
