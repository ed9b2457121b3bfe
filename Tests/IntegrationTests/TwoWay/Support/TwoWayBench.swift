import Foundation
import JSON
import TestSupport

/// A tracker-bridge server and a simulated tracker wired for two-way integration: one configuration with
/// two-way enabled, vulnerabilities of one application, tickets made with `createTickets`, and service hooks
/// registered in the simulator that deliver to the server's webhook listener (or, for `handleWebhook`
/// tests, to a closed port, so the payloads can be handed over by RPC).
final class TwoWayBench {
    static let application = "app-two-way"
    static let project = "Project 0001"

    let tracker: SimulatorProcess
    let server: TrackerBridgeServer
    let client: RPCTestClient
    /// The webhook listener's port; nil when the server runs without one.
    let webhookPort: Int?

    init(listen: Bool = true, serverArguments: [String] = []) throws {
        tracker = try SimulatorProcess.start(arguments: ["--hook-retry-ms", "200"])
        var arguments = serverArguments
        if listen {
            let port = try LoopbackPort.free()
            webhookPort = port
            arguments += ["--webhook-listen", "127.0.0.1:\(port)"]
        } else {
            webhookPort = nil
            arguments += ["--public-url", "https://bridge.example.com"]
        }
        server = try TrackerBridgeServer.start(arguments: arguments)
        client = try server.connect()
    }

    // MARK: - Setting up

    /// Creates a configuration; returns its id and webhook URL.
    func configure(
        name: String = "Boards", twoWay: JSONObject = ["enabled": true]
    ) throws -> (id: String, url: String) {
        let reply = try client.call("configure", [
            "name": .string(name), "host": .string(tracker.collectionURL),
            "personalAccessToken": .string(tracker.pat), "applications": [.string(Self.application)],
            "project": .string(Self.project), "twoWay": .object(twoWay),
        ]).requireResult()
        let configuration = try require(reply["configuration"], "configure answered \(reply)")
        let id = try require(configuration["id"]?.stringValue, "no configuration id in \(reply)")
        let url = try require(configuration["twoWay"]?["webhookUrl"]?.stringValue, "no webhook URL in \(reply)")
        return (id, url)
    }

    /// Reports vulnerabilities `ids` of the bench's application, all `Reported`.
    func report(_ ids: [String]) throws {
        let vulnerabilities: [JSONValue] = ids.map { id in
            [
                "id": .string(id), "applicationId": .string(Self.application), "applicationName": "Two-way shop",
                "title": .string("SQL injection in \(id)"), "rule": "sql-injection", "severity": "High",
            ]
        }
        _ = try client.call("reportVulnerabilities", ["vulnerabilities": .array(vulnerabilities)]).requireResult()
    }

    /// Creates one ticket for `vulnerabilityIds` (bulk when several) and returns it.
    func createTicket(_ configurationId: String, _ vulnerabilityIds: [String]) throws -> JSONValue {
        var params: JSONObject = [
            "configurationId": .string(configurationId),
            "vulnerabilityIds": .array(vulnerabilityIds.map(JSONValue.string)),
        ]
        if vulnerabilityIds.count > 1 { params["bulk"] = true }
        let result = try client.call("createTickets", params).requireResult()
        guard let tickets = result["tickets"]?.arrayValue, tickets.count == 1, let ticket = tickets.first else {
            throw TwoWayTestError("createTickets did not create one ticket: \(result)")
        }
        return ticket
    }

    /// Registers a Web Hooks subscription for each event two-way listens to, delivering to `url`.
    func subscribe(url: String, resourceVersion: String = "1.0", headers: String? = nil) throws {
        for event in ["workitem.updated", "workitem.deleted", "workitem.restored"] {
            var inputs: JSONObject = ["url": .string(url)]
            if let headers { inputs["httpHeaders"] = .string(headers) }
            try tracker.admin.post("/_admin/hooks/subscriptions", [
                "publisherId": "tfs", "eventType": .string(event), "resourceVersion": .string(resourceVersion),
                "consumerId": "webHooks", "consumerActionId": "httpRequest", "consumerInputs": .object(inputs),
            ])
        }
    }

    // MARK: - Acting in the tracker

    /// Changes a work item's state in the tracker and waits until the tracker is done delivering.
    func setState(_ workItemId: Int, _ state: String) throws {
        try tracker.admin.setState(of: workItemId, to: state, by: "carol@example.com")
        try settleDeliveries()
    }

    func delete(_ workItemId: Int) throws {
        try tracker.admin.post("/_admin/workitems/\(workItemId)/delete")
        try settleDeliveries()
    }

    func restore(_ workItemId: Int) throws {
        try tracker.admin.post("/_admin/workitems/\(workItemId)/restore")
        try settleDeliveries()
    }

    /// Every notification the tracker made so far, with payloads.
    func notifications() throws -> [JSONValue] {
        try tracker.admin.get("/_admin/deliveries")["value"]?.arrayValue ?? []
    }

    /// Waits until no notification is waiting to be sent or retried: each was delivered, dropped, held or
    /// failed for good. The deadline only keeps a broken run from hanging.
    func settleDeliveries(allowRetrying: Bool = false) throws {
        let deadline = Date().addingTimeInterval(60)
        var unsettled: [JSONValue] = []
        repeat {
            unsettled = try tracker.admin.get("/_admin/deliveries?payload=false")["value"]?.arrayValue?.filter {
                let outcome = $0["outcome"]?.stringValue
                return outcome == "pending" || (!allowRetrying && outcome == "retrying")
            } ?? []
            if unsettled.isEmpty { return }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        throw TwoWayTestError("the tracker still has notifications to deliver: \(unsettled)")
    }

    // MARK: - Reading the bridge

    func vulnerability(_ id: String) throws -> JSONValue {
        try require(try client.call("getVulnerability", ["id": .string(id)]).requireResult()["vulnerability"], id)
    }

    func status(_ id: String) throws -> String? {
        try vulnerability(id)["status"]?.stringValue
    }

    func discussion(_ id: String) throws -> [String] {
        try vulnerability(id)["discussion"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
    }

    func ticket(_ id: String) throws -> JSONValue? {
        let tickets = try client.call("listTickets", [:]).requireResult()["tickets"]?.arrayValue ?? []
        return tickets.first { $0["id"]?.stringValue == id }
    }

    private func require<T>(_ value: T?, _ problem: @autoclosure () -> String) throws -> T {
        guard let value else { throw TwoWayTestError(problem()) }
        return value
    }
}

extension TwoWayBench {
    /// The payload of the newest notification of `eventType` about `workItemId`, waiting for the tracker
    /// to publish it. For `handleWebhook` tests, whose subscriptions deliver nowhere.
    func newestPayload(_ eventType: String, workItemId: Int) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(60)
        repeat {
            let match = try notifications().last {
                $0["eventType"]?.stringValue == eventType && $0["workItemId"]?.intValue == workItemId
            }
            if let payload = match?["payload"] { return payload }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        throw TwoWayTestError("the tracker published no \(eventType) for work item \(workItemId)")
    }

    /// Sends a payload through `handleWebhook`.
    func handOver(_ payload: JSONValue, to configuration: (id: String, url: String)) throws -> RPCReply {
        let token = configuration.url.split(separator: "/").last.map(String.init) ?? ""
        return try client.call("handleWebhook", [
            "configurationId": .string(configuration.id), "token": .string(token), "payload": payload,
        ])
    }
}
