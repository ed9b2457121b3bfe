/// The gRPC-style status a tracker failure maps to, mirroring the table in SPEC §3. The service layer turns
/// it into the RPC error's `code` and `data.status`.
public enum TrackerStatus: String, Sendable, Equatable, CaseIterable {
    case cancelled = "CANCELLED"
    case invalidArgument = "INVALID_ARGUMENT"
    case deadlineExceeded = "DEADLINE_EXCEEDED"
    case notFound = "NOT_FOUND"
    case alreadyExists = "ALREADY_EXISTS"
    case permissionDenied = "PERMISSION_DENIED"
    case resourceExhausted = "RESOURCE_EXHAUSTED"
    case failedPrecondition = "FAILED_PRECONDITION"
    case aborted = "ABORTED"
    case unimplemented = "UNIMPLEMENTED"
    case `internal` = "INTERNAL"
    case unavailable = "UNAVAILABLE"
    case unauthenticated = "UNAUTHENTICATED"

    /// The gRPC status number, used as the JSON-RPC error `code`.
    public var code: Int {
        switch self {
        case .cancelled: 1
        case .invalidArgument: 3
        case .deadlineExceeded: 4
        case .notFound: 5
        case .alreadyExists: 6
        case .permissionDenied: 7
        case .resourceExhausted: 8
        case .failedPrecondition: 9
        case .aborted: 10
        case .unimplemented: 12
        case .internal: 13
        case .unavailable: 14
        case .unauthenticated: 16
        }
    }

    /// The spelling used on the wire, e.g. `UNAUTHENTICATED`.
    public var name: String { rawValue }
}
