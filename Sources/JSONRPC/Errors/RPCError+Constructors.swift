/// The errors of SPEC §3, by name. Messages say what happened and what the caller can do.
extension RPCError {
    /// JSON-RPC code of a message that is not valid JSON.
    public static let parseErrorCode = -32700
    /// JSON-RPC code of valid JSON that is not a valid request.
    public static let invalidRequestCode = -32600
    /// JSON-RPC code of an unknown method.
    public static let methodNotFoundCode = -32601
    /// JSON-RPC code of params that do not fit the method.
    public static let invalidParamsCode = -32602
    /// JSON-RPC code of a failure inside the server.
    public static let internalErrorCode = -32603

    public static func parseError(_ reason: String) -> RPCError {
        RPCError(
            code: parseErrorCode, status: .invalidArgument,
            message: "Parse error: \(reason); send one JSON text per line"
        )
    }

    public static func invalidRequest(_ reason: String) -> RPCError {
        RPCError(code: invalidRequestCode, status: .invalidArgument, message: "Invalid Request: \(reason)")
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(
            code: methodNotFoundCode, status: .unimplemented,
            message: "Method not found: \(method); rpc.discover lists the methods this server offers"
        )
    }

    /// -32602 with `data.status = INVALID_ARGUMENT` and the violations, the answer to params that do not decode.
    public static func invalidParams(_ message: String? = nil, violations: [FieldViolation] = []) -> RPCError {
        let summary = message ?? violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ")
        return RPCError(
            code: invalidParamsCode, status: .invalidArgument, message: "Invalid params: \(summary)",
            fieldViolations: violations.isEmpty ? nil : violations
        )
    }

    public static func internalError() -> RPCError {
        RPCError(
            code: internalErrorCode, status: .internal,
            message: "Internal error; the server log has the details, report it if it persists"
        )
    }

    // MARK: - Application errors

    public static func cancelled(_ message: String = "the call was cancelled") -> RPCError {
        RPCError(.cancelled, message)
    }

    public static func invalidArgument(_ message: String, violations: [FieldViolation]? = nil) -> RPCError {
        RPCError(.invalidArgument, message, fieldViolations: violations)
    }

    public static func deadlineExceeded(_ message: String = "the call did not finish before its deadline") -> RPCError {
        RPCError(.deadlineExceeded, message, retryable: true)
    }

    public static func notFound(_ message: String) -> RPCError { RPCError(.notFound, message) }
    public static func alreadyExists(_ message: String) -> RPCError { RPCError(.alreadyExists, message) }
    public static func permissionDenied(_ message: String) -> RPCError { RPCError(.permissionDenied, message) }

    public static func resourceExhausted(_ message: String, retryAfterMs: Int? = nil) -> RPCError {
        RPCError(.resourceExhausted, message, retryable: true, retryAfterMs: retryAfterMs)
    }

    public static func failedPrecondition(_ message: String) -> RPCError { RPCError(.failedPrecondition, message) }
    public static func aborted(_ message: String) -> RPCError { RPCError(.aborted, message, retryable: true) }

    public static func unavailable(_ message: String, retryAfterMs: Int? = nil) -> RPCError {
        RPCError(.unavailable, message, retryable: true, retryAfterMs: retryAfterMs)
    }

    public static func unauthenticated(_ message: String) -> RPCError { RPCError(.unauthenticated, message) }
    public static func unimplemented(_ message: String) -> RPCError { RPCError(.unimplemented, message) }
}
