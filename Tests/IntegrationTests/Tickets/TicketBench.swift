import Foundation
import JSON
import TestSupport

/// A tracker-bridge server and a simulator started for one ticket test, a configuration pointing the one at
/// the other, and shorthands for the calls the tests make.
final class TicketBench {
    static let application = "app-shop"
    static let applicationName = "Shop <Web> & Co"
    static let project = "Project 0001"

    let tracker: SimulatorProcess
    let directory: TemporaryDirectory
    private(set) var server: TrackerBridgeServer
    private(set) var client: RPCTestClient
    private(set) var configurationId = ""

    /// Starts both programs and creates a configuration allowing `application` for `Project 0001`.
    init(
        simulatorArguments: [String] = [], configuration: JSONObject = [:]
    ) throws {
        tracker = try SimulatorProcess.start(arguments: simulatorArguments)
        directory = try TemporaryDirectory(prefix: "tb-tickets")
        server = try TrackerBridgeServer.start(in: directory)
        client = try server.connect()
        configurationId = try configure(configuration)
    }

    /// Creates a configuration: the defaults below, with `settings` replacing or adding members (null removes one).
    func configure(_ settings: JSONObject = [:], name: String = "Simulated tracker") throws -> String {
        var params: JSONObject = [
            "name": .string(name), "host": .string(tracker.collectionURL),
            "personalAccessToken": .string(tracker.pat), "project": .string(Self.project),
            "applications": [.string(Self.application)],
        ]
        for member in settings { params[member.key] = member.value == .null ? nil : member.value }
        let result = try client.call("configure", params).requireResult()
        return try required(result["configuration"]?["id"]?.stringValue, "configuration id in \(result)")
    }

    /// Reports findings and returns the result.
    @discardableResult
    func report(_ vulnerabilities: [JSONValue]) throws -> JSONValue {
        try client.call("reportVulnerabilities", ["vulnerabilities": .array(vulnerabilities)]).requireResult()
    }

    /// `createTickets` for the bench's configuration with extra params.
    func createTickets(_ ids: [String], _ extra: JSONObject = [:]) throws -> RPCReply {
        var params: JSONObject = [
            "configurationId": .string(configurationId), "vulnerabilityIds": .array(ids.map { .string($0) }),
        ]
        for member in extra { params[member.key] = member.value }
        return try client.call("createTickets", params)
    }

    /// The tickets of the bench's configuration.
    func tickets(of vulnerabilityId: String? = nil) throws -> [JSONValue] {
        var params: JSONObject = ["configurationId": .string(configurationId)]
        if let vulnerabilityId { params["vulnerabilityId"] = .string(vulnerabilityId) }
        return try client.call("listTickets", params).requireResult()["tickets"]?.arrayValue ?? []
    }

    /// The simulator's work items, oldest first.
    func workItems() throws -> [JSONValue] {
        try tracker.admin.workItems().sorted { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }
    }

    /// Makes the simulator answer the next work item create with a server error (nothing is stored).
    func failNextCreate(status: Int) throws {
        try tracker.admin.setFaults([
            "serverError": ["count": 1, "status": .number(JSONNumber(status)), "match": "/_apis/wit/workitems/"],
        ])
    }

    /// Kills the server with SIGKILL and starts a new one on the same database.
    func restartAfterKill() throws {
        server.process.send(signal: SIGKILL)
        _ = try server.process.waitForExit(timeout: 30)
        server = try TrackerBridgeServer.start(in: directory)
        client = try server.connect()
    }

    /// Polls until `condition` holds; fails with `what` and the server log after `limit` seconds.
    func waitUntil(_ what: String, limit: TimeInterval = 60, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(limit)
        while try !condition() {
            guard Date() < deadline else {
                throw TestSupportError("gave up waiting until \(what). Server log:\n\(server.log.suffix(4000))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// A finding of the bench's application.
    static func vulnerability(
        _ id: String, severity: String = "High", rule: String = "sql-injection", title: String? = nil,
        application: String = TicketBench.application, extra: JSONObject = [:]
    ) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "applicationId": .string(application),
            "applicationName": .string(applicationName), "title": .string(title ?? "Finding \(id)"),
            "rule": .string(rule), "severity": .string(severity),
        ]
        for member in extra { object[member.key] = member.value }
        return .object(object)
    }

    private func required<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw TestSupportError("missing \(what)") }
        return value
    }
}
