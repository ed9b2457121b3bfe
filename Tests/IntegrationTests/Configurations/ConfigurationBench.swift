import Foundation
import JSON
import TestSupport

/// A simulator and a tracker-bridge server for the configuration tests, with helpers that build valid
/// `configure` params for that simulator.
final class ConfigurationBench {
    let tracker: SimulatorProcess
    let server: TrackerBridgeServer
    let client: RPCTestClient

    init(simulator: [String] = [], server serverArguments: [String] = []) throws {
        tracker = try SimulatorProcess.start(arguments: simulator)
        server = try TrackerBridgeServer.start(arguments: serverArguments)
        client = try server.connect()
    }

    /// Params that create a valid configuration named `name` against the simulator.
    func creation(_ name: String = "Main tracker", extra: JSONObject = [:]) -> JSONObject {
        var params: JSONObject = [
            "name": .string(name), "host": .string(tracker.collectionURL), "personalAccessToken": .string(tracker.pat),
        ]
        for member in extra { params[member.key] = member.value }
        return params
    }

    /// Creates a configuration and returns it as the server shows it.
    func create(_ name: String = "Main tracker", extra: JSONObject = [:]) throws -> JSONValue {
        let result = try client.call("configure", creation(name, extra: extra)).requireResult()
        guard let configuration = result["configuration"] else {
            throw TestSupportError("configure answered without a configuration: \(result)")
        }
        return configuration
    }

    /// Updates configuration `id` with `changes` (name and host are sent as they are stored).
    func update(_ configuration: JSONValue, _ changes: JSONObject) throws -> RPCReply {
        var params: JSONObject = [
            "id": configuration["id"] ?? .null, "name": configuration["name"] ?? .null,
            "host": configuration["host"] ?? .null,
        ]
        for member in changes { params[member.key] = member.value }
        return try client.call("configure", params)
    }

    /// Every live configuration.
    func list() throws -> [JSONValue] {
        try client.call("listConfigurations").requireResult()["configurations"]?.arrayValue ?? []
    }

    /// Every text the server sent to its clients and wrote to its log.
    var everythingTheServerSaid: String {
        let replies = server.transcript.exchanges.compactMap(\.reply).map(JSONWriter.string)
        let notifications = server.transcript.serverNotifications.map(JSONWriter.string)
        return (replies + notifications + [server.log]).joined(separator: "\n")
    }
}
