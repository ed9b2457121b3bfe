import Foundation
import JSON

/// An `azure-devops-simulator` child process on a free loopback port, for end-to-end tests.
///
/// ```swift
/// let tracker = try SimulatorProcess.start(arguments: ["--projects", "5000"])
/// let configuration = ["host": .string(tracker.collectionURL), "personalAccessToken": .string(tracker.pat)]
/// try tracker.admin.post("/_admin/workitems/1/state", ["state": "Closed"])
/// ```
public final class SimulatorProcess {
    /// The token the simulator accepts with every scope unless the test passes its own `--pat`.
    public static let defaultPAT = "simulator-pat"

    public let directory: TemporaryDirectory
    public let process: ChildProcess
    public let port: Int
    public let pat: String
    public let admin: SimulatorAdmin

    /// Starts the simulator on port 0 and waits for the `listening 127.0.0.1:PORT` line. `arguments` are
    /// added after `--port 0`; a `--pat` among them replaces the default token.
    public static func start(
        in directory: TemporaryDirectory? = nil, arguments: [String] = []
    ) throws -> SimulatorProcess {
        try SimulatorProcess(directory: directory ?? TemporaryDirectory(prefix: "tb-sim"), arguments: arguments)
    }

    private init(directory: TemporaryDirectory, arguments: [String]) throws {
        self.directory = directory
        var pat = SimulatorProcess.defaultPAT
        if let index = arguments.firstIndex(of: "--pat"), index + 1 < arguments.count {
            pat = String(arguments[index + 1].split(separator: ":").first ?? "")
        }
        self.pat = pat
        process = try ChildProcess(
            executable: BuiltProducts.azureDevOpsSimulator, arguments: ["--port", "0"] + arguments,
            workingDirectory: directory.path
        )
        port = try SimulatorProcess.waitForPort(of: process)
        admin = SimulatorAdmin(port: port)
    }

    deinit {
        if process.isRunning { process.stop(grace: 5) }
    }

    /// The collection URL to configure in tracker-bridge.
    public var collectionURL: String { "http://127.0.0.1:\(port)" }

    /// Stops the simulator (SIGTERM, then SIGKILL).
    @discardableResult
    public func stop() -> ProcessExit { process.stop(grace: 5) }

    private static func waitForPort(of process: ChildProcess) throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let output = process.standardOutput
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }),
               let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...]) {
                return port
            }
            if !process.isRunning {
                throw TestSupportError("the simulator exited before listening. Its log:\n\(process.standardError)")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw TestSupportError("the simulator did not print its port within 30 s. Its log:\n\(process.standardError)")
    }
}
