import Foundation
import JSON

/// A `tracker-bridge serve` child process on a Unix socket in a temporary directory, for end-to-end tests.
///
/// `start` returns once the server answers `health.check`. Its log (standard error) is in `log`; every
/// client made with `connect()` records into the shared `transcript`. Released, it is killed.
///
/// ```swift
/// let server = try TrackerBridgeServer.start()
/// let client = try server.connect()
/// let reply = try client.call("health.check")
/// #expect(server.stop() == .exited(0))
/// ```
public final class TrackerBridgeServer {
    public let directory: TemporaryDirectory
    public let process: ChildProcess
    public let socketPath: String
    public let databasePath: String
    public let secretKeyPath: String
    public let transcript = RPCTranscript()

    /// How long `start` waits for the first answer; a debug build starts in well under a second.
    public static let startTimeout: TimeInterval = 60

    /// Starts the server with its files in `directory` (a new temporary directory by default), logging at
    /// debug level. `arguments` are added after the defaults, so they can override them.
    public static func start(
        in directory: TemporaryDirectory? = nil, arguments: [String] = [], environment: [String: String?] = [:]
    ) throws -> TrackerBridgeServer {
        let server = try TrackerBridgeServer(
            directory: directory ?? TemporaryDirectory(prefix: "tb-server"), arguments: arguments,
            environment: environment
        )
        try server.waitUntilAnswering()
        return server
    }

    private init(directory: TemporaryDirectory, arguments: [String], environment: [String: String?]) throws {
        self.directory = directory
        socketPath = directory.file("rpc.sock")
        databasePath = directory.file("bridge.sqlite3")
        secretKeyPath = directory.file("secret.key")
        let defaults = [
            "serve", "--socket", socketPath, "--database", databasePath, "--secret-key-file", secretKeyPath,
            "--log-level", "debug",
        ]
        var environment = environment
        for variable in ["TRACKER_BRIDGE_SOCKET", "TRACKER_BRIDGE_DATABASE"] where environment[variable] == nil {
            environment[variable] = .some(nil)
        }
        process = try ChildProcess(
            executable: BuiltProducts.trackerBridge, arguments: defaults + arguments,
            workingDirectory: directory.path, environment: environment
        )
    }

    /// Saves what the clients exchanged for the contract check, when the run asked for it.
    deinit {
        transcript.saveForContractCheck(label: "server-\(process.pid)")
    }

    /// The server's log so far.
    public var log: String { process.standardError }

    /// Log lines that contain all of `fragments`, e.g. `["info", "conn.id=3"]`.
    public func logLines(containing fragments: String...) -> [Substring] {
        log.split(separator: "\n").filter { line in fragments.allSatisfy { line.contains($0) } }
    }

    /// Opens a new connection.
    public func connect(timeout: TimeInterval = 60) throws -> RPCTestClient {
        try RPCTestClient(socketPath: socketPath, transcript: transcript, timeout: timeout)
    }

    /// Asks the server to shut down with SIGTERM and waits for it; SIGKILL after `grace` seconds.
    @discardableResult
    public func stop(grace: TimeInterval = 30) -> ProcessExit {
        process.stop(grace: grace)
    }

    public func residentMemoryBytes() throws -> Int {
        try process.residentMemoryBytes()
    }

    private func waitUntilAnswering() throws {
        let deadline = Date().addingTimeInterval(TrackerBridgeServer.startTimeout)
        var lastProblem = "the socket did not appear"
        while Date() < deadline {
            guard process.isRunning else {
                throw TestSupportError("tracker-bridge \(process.exit!) while starting. Its log:\n\(log)")
            }
            if FileManager.default.fileExists(atPath: socketPath) {
                do {
                    let probe = try RPCTestClient(socketPath: socketPath, timeout: 5)
                    let status = try probe.call("health.check").requireResult()["status"]
                    if status == "SERVING" { return }
                    lastProblem = "health.check answered \(status.map(JSONWriter.string) ?? "no status")"
                } catch {
                    lastProblem = "\(error)"
                }
            }
            Thread.sleep(forTimeInterval: ChildProcess.pollInterval)
        }
        throw TestSupportError(
            "tracker-bridge did not answer health.check within \(TrackerBridgeServer.startTimeout) s "
                + "(\(lastProblem)). Its log:\n\(log)"
        )
    }
}
