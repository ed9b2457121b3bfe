import CLibUV

/// A libuv call that failed: the operation we attempted and libuv's (negative errno-style) code.
public struct UVError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String
    /// Extra context for the reader, e.g. the socket path involved.
    public let detail: String?

    public init(code: Int32, operation: String, detail: String? = nil) {
        self.code = code
        self.operation = operation
        self.detail = detail
    }

    /// libuv's short name for the code, e.g. `EADDRINUSE`.
    public var name: String { String(cString: uv_err_name(code)) }

    public var description: String {
        let reason = String(cString: uv_strerror(code))
        let context = detail.map { " (\($0))" } ?? ""
        return "\(operation) failed: \(reason) [\(name)]\(context)"
    }

    /// Throws a `UVError` when a libuv call returned a negative status.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String, detail: String? = nil) throws {
        if status < 0 { throw UVError(code: status, operation: operation(), detail: detail) }
    }
}
