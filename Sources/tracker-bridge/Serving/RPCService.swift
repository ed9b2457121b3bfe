import Bridge
import EventLoop
import Foundation
import JSON
import JSONRPC
import Logging
import RPCServer
import Storage

/// The running service: the store, the bridge's methods and background work, the RPC server and its
/// listeners, and the order in which they stop. Loop-confined: created on the thread that then runs the loop.
final class RPCService {
    private let server: RPCServer
    private let application: BridgeApplication
    private let loop: EventLoop
    private let gracePeriod: Duration
    private let logger = Logger(label: "tracker-bridge")

    /// Opens the store, builds the router and starts listening on the Unix socket and, when asked, on TCP.
    /// - Throws: `StorageError` when the database or key cannot be used (its message says what to do),
    ///   `UVError` when an address cannot be bound, `StartupError` for an unusable `--auth-token-file`.
    init(options: ServeOptions, openRPCDocument: JSONValue, loop: EventLoop) throws {
        let tcpToken = try options.authTokenFile.map { try AuthTokenFile.read(path: $0) }
        self.loop = loop
        gracePeriod = .milliseconds(Int64(clamping: options.shutdownGraceMilliseconds))

        let store = try Store.open(databasePath: options.databasePath, keyFilePath: options.secretKeyFile)
        let settings = BridgeSettings(
            webhookListen: options.webhookListen, publicURL: options.publicURL,
            syncIntervalSeconds: options.syncIntervalSeconds
        )
        application = BridgeApplication(environment: BridgeEnvironment(loop: loop, store: store, settings: settings))
        server = RPCServer(
            loop: loop, router: MethodTable.makeRouter(application: application),
            options: RPCServerOptions(
                limits: RPCLimits(maxMessageBytes: options.maxMessageBytes), tcpAuthenticationToken: tcpToken
            ),
            discoveryDocument: openRPCDocument, logger: Logger(label: "rpc")
        )

        try application.start()
        try server.listen(on: .unix(path: options.socketPath, mode: options.socketMode))
        if let tcp = options.tcpListen {
            try server.listen(on: tcp)
        }
    }

    /// Starts a graceful shutdown: the RPC server stops accepting and lets calls finish within the grace
    /// period, then the bridge's background work stops, and the loop stops once everything is closed.
    func shutDown() {
        server.shutdown(gracePeriod: gracePeriod) { [application, loop, logger] in
            application.stop {
                application.environment.trackers.close()
                logger.info("background work stopped")
                loop.stop()
            }
        }
    }
}
