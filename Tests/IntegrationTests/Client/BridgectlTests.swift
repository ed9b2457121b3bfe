import Foundation
import JSON
import Testing
import TestSupport

/// `Clients/bridgectl` against the real server: params, output, errors, exit codes, the PAT and progress.
@Suite("bridgectl shell client")
struct BridgectlTests {
    @Test("a call prints the result pretty by default and on one line with --raw")
    func output() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)

        let pretty = try client.run(["health.check"])
        let raw = try client.run(["--raw", "health.check"])

        #expect(pretty.exit == .exited(0), "stderr: \(pretty.standardError)")
        #expect(try Bridgectl.json(pretty)["status"] == "SERVING")
        #expect(pretty.standardOutput.split(separator: "\n").count == 3)
        #expect(raw.standardOutput == "{\"status\":\"SERVING\"}\n")
    }

    @Test("an RPC error exits 1 with the status and message on standard error")
    func rpcError() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)

        let outcome = try client.run(["getConfiguration", "id=no-such-configuration"])

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardError.contains("NOT_FOUND (5)"), "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("field violations are listed one per line")
    func fieldViolations() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)

        let outcome = try client.run(["health.check", "service:=5"])

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardError.contains("INVALID_ARGUMENT"))
        #expect(outcome.standardError.contains("  service: "), "stderr: \(outcome.standardError)")
    }

    @Test(
        "usage errors exit 2 and send nothing",
        arguments: [
            (["health.check", "service"], "is not a param"),
            (["health.check", "limit:=[1,"], "is not JSON"),
            (["--json", "[1]", "health.check"], "--json must be one JSON object"),
            (["--frobnicate", "health.check"], "unknown option --frobnicate"),
            ([], "name a method"),
            (["--timeout-ms", "soon", "health.check"], "--timeout-ms must be a whole number"),
            (["describe"], "usage: bridgectl describe METHOD"),
        ]
    )
    func usageError(arguments: [String], message: String) throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)

        let outcome = try client.run(arguments)

        #expect(outcome.exit == .exited(2))
        #expect(outcome.standardError.contains(message), "stderr: \(outcome.standardError)")
    }

    @Test("no server behind the socket exits 3 and says what to do")
    func cannotConnect() throws {
        let directory = try TemporaryDirectory(prefix: "tb-ctl")
        let missing = directory.file("missing.sock")

        let outcome = try ChildProcess.run(try Bridgectl.path, ["--socket", missing, "health.check"], in: directory)
        let fromEnvironment = try ChildProcess.run(
            try Bridgectl.path, ["health.check"], in: directory, environment: ["TRACKER_BRIDGE_SOCKET": missing]
        )

        #expect(outcome.exit == .exited(3))
        #expect(outcome.standardError.contains("no server socket at \(missing)"))
        #expect(fromEnvironment.exit == .exited(3))
        #expect(fromEnvironment.standardError.contains(missing))
    }

    @Test("a server that stopped leaves a socket file that refuses: exit 3")
    func stoppedServer() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)
        server.process.send(signal: SIGKILL)
        _ = try server.process.waitForExit(timeout: 30)

        let outcome = try client.run(["health.check"])

        #expect(outcome.exit == .exited(3))
        #expect(outcome.standardError.contains("cannot talk to the server"), "stderr: \(outcome.standardError)")
    }

    @Test("TRACKER_BRIDGE_SOCKET picks the server when --socket is absent")
    func socketFromEnvironment() throws {
        let server = try TrackerBridgeServer.start()
        let directory = try TemporaryDirectory(prefix: "tb-ctl")

        let outcome = try ChildProcess.run(
            try Bridgectl.path, ["--raw", "health.check"], in: directory,
            environment: ["TRACKER_BRIDGE_SOCKET": server.socketPath]
        )

        #expect(outcome.exit == .exited(0))
        #expect(outcome.standardOutput == "{\"status\":\"SERVING\"}\n")
    }

    @Test("typed values, nested keys, --json and standard input all build the params")
    func params() throws {
        let tracker = try SimulatorProcess.start()
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)
        let pat = try client.directory.write(tracker.pat + "\n", to: "pat")

        let created = try client.run([
            "--raw", "--pat-file", pat, "configure", "name=Typed", "host=\(tracker.collectionURL)",
            "applications:=[\"app-1\",\"app-2\"]", "twoWay.enabled:=false", "autoCreate.enabled:=true",
            "autoCreate.severities:=[\"Critical\"]", "titlePrefix:=false", "project=Project 0001",
        ])
        try #require(created.exit == .exited(0), "stderr: \(created.standardError)")
        let configuration = try #require(try Bridgectl.json(created)["configuration"])
        let id = try #require(configuration["id"]?.stringValue)
        let fromJSON = try client.run(["--raw", "getConfiguration", "--json", "{\"id\": \"\(id)\"}"])
        let fromStandardInput = try client.run(["--raw", "getConfiguration"], standardInput: "{\"id\": \"\(id)\"}")
        let overlaid = try client.run(["--raw", "getConfiguration", "--json", "{\"id\": \"other\"}", "id=\(id)"])

        #expect(configuration["applications"] == ["app-1", "app-2"])
        #expect(configuration["autoCreate"]?["enabled"] == true)
        #expect(configuration["autoCreate"]?["severities"] == ["Critical"])
        #expect(configuration["titlePrefix"] == false)
        #expect(configuration["project"] == "Project 0001")
        for outcome in [fromJSON, fromStandardInput, overlaid] {
            #expect(outcome.exit == .exited(0), "stderr: \(outcome.standardError)")
            #expect(try Bridgectl.json(outcome)["configuration"]?["id"]?.stringValue == id)
        }
    }

    @Test("the PAT comes from --pat-file or the environment, never from the command line or the output")
    func personalAccessToken() throws {
        let tracker = try SimulatorProcess.start()
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)
        let pat = try client.directory.write(tracker.pat, to: "pat")

        let onCommandLine = try client.run([
            "configure", "name=A", "host=\(tracker.collectionURL)", "personalAccessToken=\(tracker.pat)",
        ])
        let inJSON = try client.run([
            "configure", "--json", "{\"name\": \"A\", \"personalAccessToken\": \"\(tracker.pat)\"}",
        ])
        let fromFile = try client.run(
            ["configure", "name=From file", "host=\(tracker.collectionURL)", "--pat-file", pat]
        )
        let fromEnvironment = try client.run(
            ["configure", "name=From environment", "host=\(tracker.collectionURL)"],
            environment: ["TRACKER_BRIDGE_PAT": tracker.pat]
        )
        let missing = try client.run(["configure", "name=Without", "host=\(tracker.collectionURL)"])
        let tested = try client.run(
            ["testConnection", "host=\(tracker.collectionURL)"], environment: ["TRACKER_BRIDGE_PAT": tracker.pat]
        )

        #expect(onCommandLine.exit == .exited(2))
        #expect(onCommandLine.standardError.contains("never goes on the command line"))
        #expect(inJSON.exit == .exited(2))
        #expect(fromFile.exit == .exited(0), "stderr: \(fromFile.standardError)")
        #expect(fromEnvironment.exit == .exited(0), "stderr: \(fromEnvironment.standardError)")
        #expect(missing.exit == .exited(1), "no PAT, no terminal: the server names the missing field")
        #expect(missing.standardError.contains("personalAccessToken"), "stderr: \(missing.standardError)")
        #expect(tested.exit == .exited(0), "stderr: \(tested.standardError)")
        #expect(try Bridgectl.json(tested)["authenticated"] == true)
        for outcome in [fromFile, fromEnvironment, tested] {
            #expect(!outcome.standardOutput.contains(tracker.pat))
            #expect(!outcome.standardError.contains(tracker.pat))
        }
        #expect(!server.log.contains(tracker.pat))
    }

    @Test("a PAT in --json is refused however its key is spelled in JSON and however deep it sits")
    func personalAccessTokenHiddenInJSON() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)
        let token = "hidden-token-0123456789abcdef"

        let escaped = try client.run([
            "configure", "--json", "{\"name\": \"A\", \"personal\\u0041ccessToken\": \"\(token)\"}",
        ])
        let nested = try client.run([
            "testConnection", "--json", "{\"connection\": [{\"personalAccessToken\": \"\(token)\"}]}",
        ])
        let nestedAssignment = try client.run(["configure", "name=A", "personalAccessToken.value=\(token)"])

        for outcome in [escaped, nested, nestedAssignment] {
            #expect(outcome.exit == .exited(2), "stderr: \(outcome.standardError)")
            #expect(outcome.standardError.contains("never goes on the command line"))
        }
        #expect(!server.log.contains(token))
    }

    @Test("progress notifications of a long call become a progress display on standard error")
    func progress() throws {
        let tracker = try SimulatorProcess.start(arguments: ["--projects", "1500"])
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)

        let outcome = try client.run(
            ["--raw", "testConnection", "host=\(tracker.collectionURL)"],
            environment: ["TRACKER_BRIDGE_PAT": tracker.pat]
        )
        let quiet = try client.run(
            ["--raw", "--no-progress", "testConnection", "host=\(tracker.collectionURL)"],
            environment: ["TRACKER_BRIDGE_PAT": tracker.pat]
        )

        #expect(outcome.exit == .exited(0), "stderr: \(outcome.standardError)")
        #expect(try Bridgectl.json(outcome)["projectCount"] == 1500)
        let lines = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("progress [") }
        #expect(!lines.isEmpty, "stderr: \(outcome.standardError)")
        #expect(quiet.exit == .exited(0))
        #expect(!quiet.standardError.contains("progress ["))
        #expect(!outcome.standardOutput.contains("progress"), "progress stays off standard output")
    }

    @Test("Ctrl-C at a terminal reaches the whole process group, sends rpc.cancel and the call ends CANCELLED")
    func interrupt() throws {
        let tracker = try SimulatorProcess.start(arguments: ["--projects", "3000", "--latency-ms", "200"])
        let server = try TrackerBridgeServer.start()
        let directory = try TemporaryDirectory(prefix: "tb-ctl")
        // setsid makes bridgectl lead a process group of its own (it execs in place, keeping the pid), so the
        // signal below reaches bridgectl and every process it started, as Ctrl-C at a terminal does.
        let call = try ChildProcess(
            executable: "/usr/bin/setsid",
            arguments: [try Bridgectl.path, "--socket", server.socketPath, "testConnection",
                        "host=\(tracker.collectionURL)"],
            workingDirectory: directory.path, environment: ["TRACKER_BRIDGE_PAT": tracker.pat]
        )

        try call.waitForStandardError(containing: "progress [", timeout: 120)
        kill(-call.pid, SIGINT)
        let exit = try call.waitForExit(timeout: 120)

        #expect(exit == .exited(1))
        #expect(call.standardError.contains("cancelling"))
        #expect(call.standardError.contains("CANCELLED (1)"), "stderr: \(call.standardError)")
        #expect(call.standardOutput.isEmpty)
        #expect(!server.logLines(containing: "request done", "rpc.method=rpc.cancel", "status=OK").isEmpty,
            "the server received rpc.cancel; log:\n\(server.log)")
        #expect(!server.logLines(containing: "request done", "rpc.method=testConnection", "status=CANCELLED").isEmpty,
            "the server ended the call CANCELLED; log:\n\(server.log)")
    }

    @Test("methods and describe read rpc.discover")
    func discovery() throws {
        let server = try TrackerBridgeServer.start()
        let client = try Bridgectl(server: server)
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath:
            try BuiltProducts.packageRoot + "/Schema/tracker-bridge.openrpc.json")))
        )
        let names = (document["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }

        let methods = try client.run(["methods"])
        let described = try client.run(["describe", "createTickets"])
        let unknown = try client.run(["describe", "no.such.method"])

        #expect(methods.exit == .exited(0))
        let listed = methods.standardOutput.split(separator: "\n").compactMap { $0.split(separator: " ").first }
        #expect(listed.map(String.init) == names)
        #expect(described.exit == .exited(0), "stderr: \(described.standardError)")
        for fragment in ["createTickets:", "configurationId (required)", "vulnerabilityIds (required)", "bulk:",
                         "Result:", "Errors:", "FAILED_PRECONDITION (9)", "Examples:"] {
            #expect(described.standardOutput.contains(fragment), "describe output lacks \(fragment)")
        }
        #expect(unknown.exit == .exited(1))
        #expect(unknown.standardError.contains("no method 'no.such.method'"))
    }
}
