import JSONRPC

/// How an `RPCServer` treats its connections.
public struct RPCServerOptions: Sendable {
    /// Default queued-output size above which the server stops reading a connection: 1 MiB.
    public static let defaultOutputHighWaterMark = 1024 * 1024

    /// Message size and nesting limits (SPEC §3); `maxMessageBytes` is `--max-message-bytes`.
    public var limits: RPCLimits
    /// While a connection has more unsent reply bytes than this, the server does not read from it.
    public var outputHighWaterMark: Int
    /// The name `health.check {service}` answers for, besides the empty name.
    public var serviceName: String
    /// When set, every TCP connection must call `rpc.authenticate {token}` with this token before any method
    /// but `health.check`. Unix-socket connections are trusted: the socket file's permissions guard them.
    public var tcpAuthenticationToken: AuthenticationToken?

    public init(
        limits: RPCLimits = RPCLimits(), outputHighWaterMark: Int = defaultOutputHighWaterMark,
        serviceName: String = "tracker-bridge", tcpAuthenticationToken: AuthenticationToken? = nil
    ) {
        self.limits = limits
        self.outputHighWaterMark = outputHighWaterMark
        self.serviceName = serviceName
        self.tcpAuthenticationToken = tcpAuthenticationToken
    }
}
