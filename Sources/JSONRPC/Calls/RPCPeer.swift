/// The connection a call arrived on, for logs and for per-connection authentication.
///
/// Loop-confined: read and written only on the thread that runs the session.
public final class RPCPeer {
    /// How the peer is connected.
    public enum Transport: Sendable, Equatable, CustomStringConvertible {
        case unixSocket
        case tcp(remoteAddress: String)
        /// In-process callers such as tests.
        case local

        public var description: String {
            switch self {
            case .unixSocket: "unix"
            case .tcp(let remoteAddress): "tcp:\(remoteAddress)"
            case .local: "local"
            }
        }
    }

    /// Unique among the connections of one server, the `conn.id` of log lines.
    public let connectionID: Int
    public let transport: Transport
    /// Who the peer proved to be, once an authentication step (if any) has run; `nil` until then.
    public var principal: String?
    /// Facts other layers attach to the connection, e.g. negotiated options.
    public var attributes: [String: String] = [:]

    public init(connectionID: Int, transport: Transport) {
        self.connectionID = connectionID
        self.transport = transport
    }
}
