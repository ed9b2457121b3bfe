import Foundation
import JSON
import TestSupport
import Testing

/// JSON-RPC over TCP on loopback (SPEC §8): open without a token file; with one, every connection proves it
/// holds the token with `rpc.authenticate` first; unsafe setups are refused at start.
@Suite("TCP listener and rpc.authenticate")
struct TCPListenerTests {
    /// Long enough for the server's minimum, and easy to find in a log.
    static let token = "tcp-test-token-5f0c2a9e81d4b7"

    @Test("without a token file, a loopback TCP connection is served like the Unix socket")
    func openLoopbackListener() throws {
        let server = try TrackerBridgeServer.start(arguments: ["--listen", "127.0.0.1:0"])
        let client = try TCPLineClient(port: try Self.tcpPort(of: server))

        let health = try client.call("health.check")
        #expect(health["result"]?["status"] == "SERVING")
        let configurations = try client.call("listConfigurations")
        #expect(configurations["result"]?["configurations"] == .array([]), "reply: \(configurations)")
        let authentication = try client.call("rpc.authenticate", ["token": "anything-at-all"])
        #expect(authentication["result"] == ["authenticated": true, "required": false])

        #expect(server.stop() == .exited(0))
    }

    @Test("with a token file, calls before rpc.authenticate are UNAUTHENTICATED, and served after it")
    func authenticatedListener() throws {
        let directory = try TemporaryDirectory(prefix: "tb-tcp")
        let tokenFile = try directory.write(Self.token + "\n", to: "token", mode: 0o600)
        let server = try TrackerBridgeServer.start(
            in: directory, arguments: ["--listen", "127.0.0.1:0", "--auth-token-file", tokenFile]
        )
        let client = try TCPLineClient(port: try Self.tcpPort(of: server))

        let health = try client.call("health.check")
        #expect(health["result"]?["status"] == "SERVING", "health.check stays open as a liveness probe")
        for method in ["listConfigurations", "rpc.discover"] {
            let refused = try client.call(method)
            #expect(refused["error"]?["code"] == 16, "\(method) before authenticating: \(refused)")
            #expect(refused["error"]?["data"]?["status"] == "UNAUTHENTICATED")
            #expect(refused["error"]?["message"]?.stringValue?.contains("rpc.authenticate") == true)
        }

        let missing = try client.call("rpc.authenticate")
        #expect(missing["error"]?["code"] == -32602, "no token: \(missing)")
        #expect(missing["error"]?["data"]?["fieldViolations"]?[0]?["field"] == "token")

        let accepted = try client.call("rpc.authenticate", ["token": .string(Self.token)])
        #expect(accepted["result"] == ["authenticated": true, "required": true], "reply: \(accepted)")
        let configurations = try client.call("listConfigurations")
        #expect(configurations["result"]?["configurations"] == .array([]), "after authenticating: \(configurations)")

        // Authentication belongs to one connection: a second one starts out refused.
        let other = try TCPLineClient(port: try Self.tcpPort(of: server))
        #expect(try other.call("listConfigurations")["error"]?["code"] == 16)

        // The Unix socket is trusted through its file permissions.
        let local = try server.connect()
        #expect(try local.call("listConfigurations").requireResult()["configurations"] == .array([]))

        #expect(server.stop() == .exited(0))
        #expect(server.logLines(containing: "connection authenticated").count == 1)
        #expect(!server.log.contains(Self.token), "the token reached the log")
    }

    @Test("a wrong token is UNAUTHENTICATED, undoes an earlier success, and the third one closes the connection")
    func wrongTokens() throws {
        let directory = try TemporaryDirectory(prefix: "tb-tcp")
        let tokenFile = try directory.write(Self.token, to: "token", mode: 0o400)
        let server = try TrackerBridgeServer.start(
            in: directory, arguments: ["--listen", "127.0.0.1:0", "--auth-token-file", tokenFile]
        )
        let client = try TCPLineClient(port: try Self.tcpPort(of: server))
        let wrongGuesses = [String(Self.token.dropLast()) + "x", String(Self.token.dropLast()), Self.token + "0"]

        #expect(try client.call("rpc.authenticate", ["token": .string(Self.token)])["result"] != nil)
        let first = try client.call("rpc.authenticate", ["token": .string(wrongGuesses[0])])
        #expect(first["error"]?["code"] == 16, "reply: \(first)")
        #expect(try client.call("listConfigurations")["error"]?["code"] == 16, "the earlier success still counts")

        let second = try client.call("rpc.authenticate", ["token": .string(wrongGuesses[1])])
        #expect(second["error"]?["code"] == 16)
        let third = try client.call("rpc.authenticate", ["token": .string(wrongGuesses[2])])
        #expect(third["error"]?["message"]?.stringValue?.contains("connection is closed") == true, "reply: \(third)")
        #expect(try client.serverClosed())

        #expect(server.stop() == .exited(0))
        #expect(server.logLines(containing: "authentication failed").count == 3)
        for guess in wrongGuesses + [Self.token] {
            #expect(!server.log.contains(guess), "a token reached the log")
        }
    }

    @Test("--allow-remote binds a listener only with a token file; with one, it serves after authentication")
    func allowRemote() throws {
        let directory = try TemporaryDirectory(prefix: "tb-tcp")
        let refused = try ChildProcess.run(
            BuiltProducts.trackerBridge,
            ["serve", "--socket", directory.file("rpc.sock"), "--listen", "127.0.0.1:0", "--allow-remote"],
            in: directory
        )
        #expect(refused.exit == .exited(2))
        #expect(refused.standardError.contains("--allow-remote requires --auth-token-file"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("rpc.sock")))

        let tokenFile = try directory.write(Self.token, to: "token", mode: 0o600)
        let server = try TrackerBridgeServer.start(
            in: directory, arguments: ["--listen", "127.0.0.1:0", "--allow-remote", "--auth-token-file", tokenFile]
        )
        let client = try TCPLineClient(port: try Self.tcpPort(of: server))
        #expect(try client.call("listConfigurations")["error"]?["code"] == 16)
        #expect(try client.call("rpc.authenticate", ["token": .string(Self.token)])["result"] != nil)
        #expect(server.stop() == .exited(0))
    }

    @Test(
        "a token file that others can read, that is missing or too short stops the start with what to do",
        arguments: [
            (0o644, TCPListenerTests.token, "run chmod 600"),
            (0o640, TCPListenerTests.token, "run chmod 600"),
            (0o600, "short\n", "shorter than 16 characters"),
            (0o600, "   \n", "shorter than 16 characters"),
        ]
    )
    func unusableTokenFile(mode: Int, tokenFileContent: String, expectedMessage: String) throws {
        let directory = try TemporaryDirectory(prefix: "tb-tcp")
        let tokenFile = try directory.write(tokenFileContent, to: "token", mode: mode)
        let outcome = try ChildProcess.run(
            BuiltProducts.trackerBridge, Self.serveArguments(directory, tokenFile), in: directory
        )

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardError.contains(expectedMessage), "stderr was: \(outcome.standardError)")
        #expect(!outcome.standardError.contains(Self.token), "the token reached the log")
    }

    @Test("a missing token file stops the start and names the file")
    func missingTokenFile() throws {
        let directory = try TemporaryDirectory(prefix: "tb-tcp")
        let tokenFile = directory.file("no-such-token")
        let outcome = try ChildProcess.run(
            BuiltProducts.trackerBridge, Self.serveArguments(directory, tokenFile), in: directory
        )

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardError.contains("cannot read --auth-token-file \(tokenFile)"))
    }

    // MARK: - Helpers

    static func serveArguments(_ directory: TemporaryDirectory, _ tokenFile: String) -> [String] {
        [
            "serve", "--socket", directory.file("rpc.sock"), "--database", directory.file("bridge.sqlite3"),
            "--secret-key-file", directory.file("secret.key"), "--listen", "127.0.0.1:0", "--auth-token-file",
            tokenFile,
        ]
    }

    /// The port the server's TCP listener bound, from its `listening` log line.
    static func tcpPort(of server: TrackerBridgeServer) throws -> Int {
        for line in server.logLines(containing: "listening", "127.0.0.1:0 port ") {
            guard let range = line.range(of: "port ") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            if let port = Int(digits) { return port }
        }
        throw TestSupportError("the server did not log its TCP port. Its log:\n\(server.log)")
    }
}
