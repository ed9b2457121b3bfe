import EventLoop
import JSON
import JSONRPC
import Logging

/// Serves a `Router` over JSON-RPC 2.0 on Unix sockets and TCP (SPEC §3), one `RPCSession` per connection.
///
/// Adds three built-in methods: `rpc.discover` (returns the OpenRPC document given to `init`),
/// `health.check {service?}` → `{status: "SERVING" | "NOT_SERVING"}`, and `rpc.authenticate {token}`, which
/// TCP connections must call first when `RPCServerOptions.tcpAuthenticationToken` is set (SPEC §8). Handlers
/// registered with `Router.register` run as tasks on the event loop; `Router.registerImmediate` handlers
/// answer inline.
///
/// Loop-confined: create it, call `listen` and `shutdown` on the loop thread.
///
/// ```swift
/// let server = RPCServer(loop: loop, router: router, discoveryDocument: openRPC, logger: logger)
/// try server.listen(on: .unix(path: "var/tracker-bridge.sock", mode: 0o600))
/// // on SIGTERM:
/// server.shutdown(gracePeriod: .seconds(10)) { loop.stop() }
/// ```
public final class RPCServer {
    /// The method names the server itself answers, also while shutting down.
    public static let builtInMethods: Set<String> = ["rpc.discover", "health.check"]
    /// What a TCP connection that must authenticate may call before it has: authenticating, and the liveness
    /// probe, which tells nothing but SERVING or NOT_SERVING.
    public static let methodsBeforeAuthentication: Set<String> = [RPCSession.authenticateMethod, "health.check"]
    /// Failed `rpc.authenticate` calls after which a connection is closed, so that guessing takes reconnecting.
    static let maxFailedAuthentications = 3
    /// How long closing connections may take to flush their last replies before they are cut.
    static let flushTimeoutMilliseconds: UInt64 = 1000

    public let options: RPCServerOptions
    private let loop: EventLoop
    private let logger: Logger
    private var router: Router
    private var listeners: [StreamListener] = []
    private var connections: [Int: ServerConnection] = [:]
    private var shutdownCompletion: (() -> Void)?
    private var graceTimer: LoopTimer?
    private var flushTimer: LoopTimer?

    /// `false` once `shutdown` has begun; `health.check` then answers NOT_SERVING.
    public private(set) var isServing = true

    /// - Parameters:
    ///   - router: the product's methods; the built-in methods are added to a copy of it.
    ///   - discoveryDocument: the OpenRPC document `rpc.discover` returns; `nil` leaves `rpc.discover` out.
    public init(
        loop: EventLoop, router: Router, options: RPCServerOptions = RPCServerOptions(),
        discoveryDocument: JSONValue? = nil, logger: Logger = Logger(label: "rpc")
    ) {
        self.loop = loop
        self.router = router
        self.options = options
        self.logger = logger
        registerBuiltInMethods(discoveryDocument: discoveryDocument)
    }

    /// Open connections, including ones closing while their handlers finish.
    public var connectionCount: Int { connections.count }

    /// Calls still running on all connections.
    public var inFlightCount: Int { connections.values.reduce(0) { $0 + $1.session.inFlightCount } }

    /// Starts accepting connections on `address`; call once per address (the Unix socket, the optional TCP
    /// listener).
    ///
    /// - Returns: the bound TCP port (useful with port 0), or `nil` for a Unix socket.
    /// - Throws: `UVError` when the address cannot be bound; its message says why and what to do.
    @discardableResult
    public func listen(on address: ListenAddress) throws -> Int? {
        let isTCP = if case .tcp = address { true } else { false }
        let listener = try StreamListener(loop: loop, address: address) { [unowned self] stream in
            accept(stream, transport: isTCP ? .tcp(remoteAddress: stream.remoteAddress ?? "unknown") : .unixSocket)
        }
        listeners.append(listener)
        let port = listener.boundPort
        logger.info("listening", ["address": port.map { "\(address) port \($0)" } ?? address.description])
        return port
    }

    /// Stops gracefully: stops accepting, answers new calls UNAVAILABLE (health.check says NOT_SERVING),
    /// lets running calls finish within `gracePeriod`, then answers the rest UNAVAILABLE "server shutting
    /// down", cancels them, flushes and closes every connection, and finally calls `completion`.
    public func shutdown(gracePeriod: Duration, completion: @escaping () -> Void) {
        guard isServing else { return }
        isServing = false
        shutdownCompletion = completion
        for listener in listeners { listener.close() }
        listeners.removeAll()
        logger.notice("shutting down", ["connections": connections.count, "in.flight": inFlightCount])

        for connection in connections.values {
            connection.session.beginDraining(refusal: Self.shuttingDown, exemptMethods: Self.builtInMethods)
            connection.session.whenIdle { [weak self] in self?.closeWhenAllIdle() }
        }
        let (seconds, attoseconds) = gracePeriod.components
        let milliseconds = UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds) / 1_000_000_000_000_000)
        graceTimer = LoopTimer.once(on: loop, afterMilliseconds: milliseconds) { [weak self] in
            self?.gracePeriodEnded()
        }
        closeWhenAllIdle()
    }

    private static let shuttingDown = RPCError.unavailable("server shutting down; retry against a running instance")

    // MARK: - Connections

    private func accept(_ stream: StreamConnection, transport: RPCPeer.Transport) {
        let connection = ServerConnection(
            stream: stream, transport: transport, router: router, options: options, loop: loop, logger: logger
        )
        connections[connection.id] = connection
        connection.onFinished = { [weak self, id = connection.id] in self?.connectionFinished(id) }
        if case .tcp = transport, options.tcpAuthenticationToken != nil {
            connection.session.methodsAllowedBeforeAuthentication = Self.methodsBeforeAuthentication
        }
        logger.info("connection opened", ["conn.id": connection.id, "transport": transport.description])
        connection.start()
    }

    private func connectionFinished(_ id: Int) {
        connections[id] = nil
        if !isServing { finishShutdownIfDone() }
    }

    // MARK: - Shutdown

    private func closeWhenAllIdle() {
        guard !isServing, connections.values.allSatisfy({ $0.session.inFlightCount == 0 }) else { return }
        closeAllConnections()
    }

    private func gracePeriodEnded() {
        graceTimer = nil
        guard !connections.isEmpty else { return }
        logger.warning("grace period over, cancelling running calls", ["in.flight": inFlightCount])
        for connection in connections.values {
            connection.session.cancelAll(with: Self.shuttingDown)
        }
        closeAllConnections()
    }

    private func closeAllConnections() {
        graceTimer?.close()
        graceTimer = nil
        for connection in connections.values where !connection.isStreamClosed {
            connection.stream.close(afterFlushing: true)
        }
        // A peer that never reads would keep its connection open forever.
        guard flushTimer == nil else { return }
        flushTimer = LoopTimer.once(on: loop, afterMilliseconds: Self.flushTimeoutMilliseconds) { [weak self] in
            guard let self else { return }
            flushTimer = nil
            for connection in connections.values where !connection.isStreamClosed {
                connection.stream.close(afterFlushing: false)
            }
            // Handlers that ignore cancellation must not hold the process.
            connections.removeAll()
            finishShutdownIfDone()
        }
        finishShutdownIfDone()
    }

    private func finishShutdownIfDone() {
        guard connections.isEmpty, let completion = shutdownCompletion else { return }
        shutdownCompletion = nil
        flushTimer?.close()
        flushTimer = nil
        logger.notice("shutdown complete")
        completion()
    }

    // MARK: - Built-in methods

    private func registerBuiltInMethods(discoveryDocument: JSONValue?) {
        if let discoveryDocument {
            router.registerImmediate("rpc.discover") { (_: EmptyParams, _) in discoveryDocument }
        }
        // health.check is the benchmark's hot path: it reads its params and answers without Codable.
        let serviceName = options.serviceName
        let serving = Self.healthResult(.serving)
        let notServing = Self.healthResult(.notServing)
        router.registerImmediate("health.check") { [weak self] (params: JSONValue, _) -> JSONValue in
            switch params["service"] {
            case nil, .null, .string(""), .string(serviceName): break
            case .string(let service):
                throw RPCError.notFound(
                    "unknown service \"\(service)\"; ask for \"\(serviceName)\" or leave service out"
                )
            default:
                let violation = FieldViolation(field: "service", description: "expected a string")
                throw RPCError.invalidParams(violations: [violation])
            }
            return self?.isServing == true ? serving : notServing
        }
        router.registerImmediate("rpc.authenticate") { [weak self] (params: JSONValue, context) in
            guard let self else { throw Self.shuttingDown }
            return try authenticate(params, context)
        }
    }

    /// `rpc.authenticate {token}`: on a connection that must authenticate, checks the token and answers
    /// `{authenticated: true, required: true}` or UNAUTHENTICATED; elsewhere answers `{authenticated: true,
    /// required: false}`. A wrong token also forgets an earlier success, and the third wrong token on a
    /// connection closes it after the answer.
    private func authenticate(_ params: JSONValue, _ context: CallContext) throws -> JSONValue {
        guard case .string(let token)? = params["token"], !token.isEmpty else {
            let violation = FieldViolation(
                field: "token", description: "is required: a non-empty string, the content of --auth-token-file"
            )
            throw RPCError.invalidParams(violations: [violation])
        }
        let peer = context.peer
        guard case .tcp(let remoteAddress) = peer.transport, let expected = options.tcpAuthenticationToken else {
            return ["authenticated": true, "required": false]
        }

        guard expected.matches(token) else {
            peer.principal = nil
            let connection = connections[peer.connectionID]
            let failures = connection.map { $0.recordFailedAuthentication() } ?? 0
            let closing = failures >= Self.maxFailedAuthentications
            logger.warning("authentication failed, wrong token", [
                "conn.id": peer.connectionID, "peer": remoteAddress, "failures": failures,
                "action": closing ? "closing the connection" : "refused",
            ])
            if closing, let connection {
                // After the answer has been written: closing now would drop it.
                loop.executeOnLoop { connection.stream.close(afterFlushing: true) }
            }
            throw RPCError.unauthenticated(
                "the token does not match the server's --auth-token-file"
                    + (closing ? "; too many failed attempts, the connection is closed" : ": check it and try again")
            )
        }
        peer.principal = Self.tokenPrincipal
        logger.info("connection authenticated", ["conn.id": peer.connectionID, "peer": remoteAddress])
        return ["authenticated": true, "required": true]
    }

    /// Who a TCP peer is once it presented the token: whoever holds the token file's content.
    static let tokenPrincipal = "auth-token-file"

    private static func healthResult(_ status: HealthCheckResult.ServingStatus) -> JSONValue {
        ["status": .string(status.rawValue)]
    }
}
