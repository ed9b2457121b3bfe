import Foundation
import JSON
import TestSupport

/// Runs `Clients/bridgectl` as a user would, against a test server.
struct Bridgectl {
    let directory: TemporaryDirectory
    let socketPath: String

    init(server: TrackerBridgeServer) throws {
        directory = try TemporaryDirectory(prefix: "tb-ctl")
        socketPath = server.socketPath
    }

    static var path: String {
        get throws { try BuiltProducts.packageRoot + "/Clients/bridgectl" }
    }

    /// `bridgectl --socket <server> arguments…`, with `environment` laid over this process's.
    func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutcome {
        var environment = environment
        if environment["TRACKER_BRIDGE_PAT"] == nil { environment["TRACKER_BRIDGE_PAT"] = String?.none }
        return try ChildProcess.run(
            try Bridgectl.path, ["--socket", socketPath] + arguments, in: directory, environment: environment,
            timeout: 300
        )
    }

    /// Runs bridgectl through bash with `input` on its standard input.
    func run(_ arguments: [String], standardInput input: String) throws -> ProcessOutcome {
        let inputPath = try directory.write(input, to: "stdin-\(UUID().uuidString.prefix(8)).json")
        let command = "exec \"$0\" \"$@\" < \"\(inputPath)\""
        return try ChildProcess.run(
            "/bin/bash", ["-c", command, try Bridgectl.path, "--socket", socketPath] + arguments, in: directory,
            environment: ["TRACKER_BRIDGE_PAT": String?.none], timeout: 300
        )
    }

    /// The JSON bridgectl printed on standard output.
    static func json(_ outcome: ProcessOutcome) throws -> JSONValue {
        try JSONParser.parse(Array(outcome.standardOutput.utf8))
    }
}
