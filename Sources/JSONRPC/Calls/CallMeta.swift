import JSON

/// The call metadata a caller puts in `params._meta`; never part of a method's own params.
public struct CallMeta: Sendable, Hashable {
    /// The member of params that carries the metadata.
    public static let paramsKey = "_meta"
    /// Longest accepted idempotency key.
    public static let maxIdempotencyKeyLength = 256

    /// The call's deadline, counted from its arrival; past it the call fails with DEADLINE_EXCEEDED.
    public var timeoutMs: UInt64?
    /// When set, the server sends `rpc.progress` notifications carrying this token, as a string or a number.
    public var progressToken: JSONValue?
    /// Makes a creating call safe to retry: the same key with the same params replays the stored result.
    public var idempotencyKey: String?

    public init(timeoutMs: UInt64? = nil, progressToken: JSONValue? = nil, idempotencyKey: String? = nil) {
        self.timeoutMs = timeoutMs
        self.progressToken = progressToken
        self.idempotencyKey = idempotencyKey
    }

    /// Reads `_meta` (an object; absent means no metadata). Unknown members are ignored.
    ///
    /// - Throws: `RPCError.invalidParams` naming `_meta.<member>` when a member has the wrong shape.
    public init(_ meta: JSONValue?) throws {
        self.init()
        guard let meta else { return }
        guard case .object(let members) = meta else {
            throw RPCError.invalidParams(violations: [FieldViolation(field: "_meta", description: "must be an object")])
        }
        for member in members {
            switch member.key {
            case "timeoutMs":
                guard case .number(let number) = member.value, let timeout = number.uint64Value else {
                    throw Self.violation("_meta.timeoutMs", "must be a non-negative integer number of milliseconds")
                }
                timeoutMs = timeout
            case "progressToken":
                switch member.value {
                case .string, .number: progressToken = member.value
                default: throw Self.violation("_meta.progressToken", "must be a string or a number")
                }
            case "idempotencyKey":
                guard case .string(let key) = member.value, !key.isEmpty,
                    key.utf8.count <= Self.maxIdempotencyKeyLength
                else {
                    throw Self.violation(
                        "_meta.idempotencyKey",
                        "must be a non-empty string of at most \(Self.maxIdempotencyKeyLength) bytes"
                    )
                }
                idempotencyKey = key
            default:
                continue
            }
        }
    }

    private static func violation(_ field: String, _ description: String) -> RPCError {
        RPCError.invalidParams(violations: [FieldViolation(field: field, description: description)])
    }
}
