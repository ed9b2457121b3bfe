import EventLoop
import Foundation
import JSON
import JSONRPC
import Logging
import RPCServer

/// The JSON-RPC side of the process: the router, the server and its listeners, and the way it stops.
/// Loop-confined: created on the thread that then runs the loop.
final class RPCService {
    private let server: RPCServer
    private let loop: EventLoop
    private let gracePeriod: Duration

    /// Builds the router and starts listening on the Unix socket and, when asked, on TCP.
    /// - Throws: `UVError` when an address cannot be bound (its message says what to do), `StartupError` for
    ///   options this build cannot honour.
    init(options: ServeOptions, openRPCDocument: JSONValue, loop: EventLoop) throws {
        try RPCService.refuseUnavailableOptions(options)
        self.loop = loop
        gracePeriod = .milliseconds(Int64(clamping: options.shutdownGraceMilliseconds))
        server = RPCServer(
            loop: loop, router: MethodTable.makeRouter(),
            options: RPCServerOptions(limits: RPCLimits(maxMessageBytes: options.maxMessageBytes)),
            discoveryDocument: openRPCDocument, logger: Logger(label: "rpc")
        )

        try server.listen(on: .unix(path: options.socketPath, mode: options.socketMode))
        if let tcp = options.tcpListen {
            try server.listen(on: tcp)
        }
    }

    /// Starts a graceful shutdown; the loop stops once every connection is closed.
    func shutDown() {
        server.shutdown(gracePeriod: gracePeriod) { [loop] in loop.stop() }
    }

    /// Options that parse but whose service is not part of this build yet: refusing them beats silently
    /// running without an authenticated TCP listener or a webhook endpoint the operator asked for.
    private static func refuseUnavailableOptions(_ options: ServeOptions) throws {
        if options.authTokenFile != nil {
            throw StartupError(
                "--auth-token-file (rpc.authenticate on TCP connections) is not available in this build: "
                    + "listen on loopback without it, or use the Unix socket"
            )
        }
        if options.webhookListen != nil {
            throw StartupError(
                "--webhook-listen is not available in this build: leave it out and use syncTickets to pull state"
            )
        }
    }
}
