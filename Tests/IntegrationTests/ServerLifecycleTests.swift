import Foundation
import Testing
import TestSupport

/// Starting and stopping the real server: where it listens, with which permissions, what it logs, and how
/// it treats a socket file that is already there.
@Suite("server lifecycle")
struct ServerLifecycleTests {
    private func permissions(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("the socket file is created with mode 0600 and the start line says where the server listens")
    func socketModeAndStartLine() throws {
        let server = try TrackerBridgeServer.start()

        #expect(try permissions(of: server.socketPath) == 0o600)
        #expect(!server.logLines(containing: " info ", server.socketPath).isEmpty, "log:\n\(server.log)")
    }

    @Test("--socket-mode widens the socket file's permissions")
    func widerSocketMode() throws {
        let server = try TrackerBridgeServer.start(arguments: ["--socket-mode", "0660"])

        #expect(try permissions(of: server.socketPath) == 0o660)
    }

    @Test("SIGTERM and SIGINT shut down cleanly: exit 0 and the socket file is removed", arguments: [SIGTERM, SIGINT])
    func gracefulShutdown(signal: Int32) throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        #expect(try client.call("health.check").requireResult()["status"] == "SERVING")

        server.process.send(signal: signal)
        let exit = try server.process.waitForExit(timeout: 30)

        #expect(exit == .exited(0), "log:\n\(server.log)")
        #expect(!FileManager.default.fileExists(atPath: server.socketPath))
        #expect(try client.messagesUntilClosed().isEmpty)
    }

    @Test("a stale socket file left by a dead server is replaced")
    func staleSocketReplaced() throws {
        let directory = try TemporaryDirectory(prefix: "tb-stale")
        let first = try TrackerBridgeServer.start(in: directory)
        first.process.send(signal: SIGKILL)
        try first.process.waitForExit(timeout: 30)
        #expect(FileManager.default.fileExists(atPath: first.socketPath), "SIGKILL should leave the file behind")

        let second = try TrackerBridgeServer.start(in: directory)

        #expect(try second.connect().call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("a socket another live server listens on is refused with a clear error and exit status 1")
    func liveSocketRefused() throws {
        let directory = try TemporaryDirectory(prefix: "tb-live")
        let first = try TrackerBridgeServer.start(in: directory)

        let outcome = try ChildProcess.run(
            BuiltProducts.trackerBridge,
            ["serve", "--socket", first.socketPath, "--database", directory.file("other.sqlite3"),
             "--secret-key-file", directory.file("other.key")],
            in: directory
        )

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardError.contains("another process is listening on \(first.socketPath)"),
                "stderr was: \(outcome.standardError)")
        #expect(try first.connect().call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("with no options it listens on var/tracker-bridge.sock under the working directory, creating var/")
    func defaultSocketPath() throws {
        let directory = try TemporaryDirectory(prefix: "tb-defaults")
        let process = try ChildProcess(
            executable: BuiltProducts.trackerBridge, arguments: ["serve"], workingDirectory: directory.path,
            environment: ["TRACKER_BRIDGE_SOCKET": nil, "TRACKER_BRIDGE_DATABASE": nil]
        )
        let socketPath = directory.file("var/tracker-bridge.sock")

        try process.waitForStandardError(containing: "var/tracker-bridge.sock")
        let client = try RPCTestClient(socketPath: socketPath)

        #expect(try client.call("health.check").requireResult()["status"] == "SERVING")
        #expect(process.stop() == .exited(0))
    }

    @Test("TRACKER_BRIDGE_SOCKET chooses the socket when --socket is absent")
    func socketFromEnvironment() throws {
        let directory = try TemporaryDirectory(prefix: "tb-env")
        let socketPath = directory.file("from-env.sock")
        let process = try ChildProcess(
            executable: BuiltProducts.trackerBridge,
            arguments: ["serve", "--database", directory.file("db.sqlite3"), "--secret-key-file", directory.file("k")],
            workingDirectory: directory.path, environment: ["TRACKER_BRIDGE_SOCKET": socketPath]
        )

        try process.waitForStandardError(containing: socketPath)
        #expect(try RPCTestClient(socketPath: socketPath).call("health.check").requireResult()["status"] == "SERVING")
        #expect(process.stop() == .exited(0))
    }

    @Test("connection events are logged at info and each request at debug, as key=value lines")
    func structuredLogs() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        _ = try client.call("health.check")
        client.close()
        #expect(server.stop() == .exited(0))

        let lines = server.log.split(separator: "\n")
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trace|debug|info|notice|warning|error|critical) \S+: /#
        for line in lines {
            #expect(line.firstMatch(of: pattern) != nil, "not a structured log line: \(line)")
        }
        #expect(lines.contains { $0.contains(" debug ") && $0.contains("rpc.method=health.check") })
        #expect(lines.filter { $0.contains(" info ") && $0.contains("conn.id=") }.count >= 2,
                "expected connection open and close lines at info:\n\(server.log)")
    }
}
