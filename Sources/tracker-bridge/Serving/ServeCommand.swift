import EventLoop
import Foundation
import JSON
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `tracker-bridge serve`: prepares the state folder, loads the contract, listens, and runs the event loop
/// until a signal has shut the server down.
struct ServeCommand {
    let options: ServeOptions
    private let logger = Logger(label: "tracker-bridge")

    init(options: ServeOptions) {
        self.options = options
    }

    /// Runs the server and returns the process exit status: 0 after a clean shutdown, 1 when it cannot start.
    func run() -> Int32 {
        LogSink.standardError.minimumLevel = options.logLevel
        // A peer that hangs up mid-write must surface as an error on that connection, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        // The database and its WAL hold findings and sealed tokens: files the server creates are owner-only.
        umask(0o077)

        do {
            try prepareStateDirectory()
            let document = try loadOpenRPCDocument()
            let loop = try EventLoop()
            let service = try RPCService(options: options, openRPCDocument: document, loop: loop)
            let signals = try ShutdownSignals(loop: loop, logger: logger) { service.shutDown() }
            logStart()

            loop.run()

            signals.close()
            logger.info("stopped")
            return 0
        } catch {
            logger.error("cannot start: \(error)")
            return 1
        }
    }

    /// Creates `var/` under the working directory when a default path lives there. Owner-only: it holds the
    /// database and the secret key.
    private func prepareStateDirectory() throws {
        guard options.usesDefaultDirectory else { return }
        let directory = ServeOptions.defaultDirectory
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            let reason = String(cString: strerror(errno))
            throw StartupError("cannot create \(FileManager.default.currentDirectoryPath)/\(directory): \(reason)")
        }
    }

    private func loadOpenRPCDocument() throws -> JSONValue {
        let path = try OpenRPCDocumentLocator(explicitPath: options.schemaPath).locate()
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read the OpenRPC document \(path)")
        }
        do {
            return try JSONParser.parse(Array(bytes))
        } catch {
            throw StartupError("the OpenRPC document \(path) is not valid JSON (\(error)): fix or replace it")
        }
    }

    private func logStart() {
        logger.info(
            "listening",
            [
                "version": TrackerBridgeVersion.current,
                "socket": options.socketPath,
                "socket.mode": String(options.socketMode, radix: 8),
                "tcp": options.tcpListen.map(String.init(describing:)) ?? "off",
                "webhook": options.webhookListen.map(String.init(describing:)) ?? "off",
                "database": options.databasePath,
                "pid": getpid(),
            ]
        )
    }
}
