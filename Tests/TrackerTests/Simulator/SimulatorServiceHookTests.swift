import EventLoop
import HTTP
import JSON
import Simulator
import TestSupport
import Testing

@Suite("Simulator service hooks")
struct SimulatorServiceHookTests {
    /// Subscribes `receiver` through the REST API, as an administrator would in the web UI.
    private static func subscribe(
        _ session: SimulatorSession, _ receiver: WebhookReceiver, event: String = "workitem.updated",
        resourceVersion: String = "1.0"
    ) async throws -> String {
        let body: JSONValue = [
            "publisherId": "tfs", "eventType": .string(event), "resourceVersion": .string(resourceVersion),
            "consumerId": "webHooks", "consumerActionId": "httpRequest",
            "consumerInputs": ["url": .string(receiver.url), "httpHeaders": "X-Tracker-Bridge-Token: secret-token"],
        ]
        let response = try await session.send("POST", "_apis/hooks/subscriptions?api-version=5.0",
                                              contentType: "application/json", body: body)
        return try #require(try response.json()["id"]?.stringValue)
    }

    /// Polls the subscription until the simulator has processed the receiver's answer.
    private static func waitForStatus(_ status: String, of id: String, _ session: SimulatorSession) async throws {
        while try await session.send("GET", "_apis/hooks/subscriptions/\(id)").json()["status"]?.stringValue != status {
            try await Task.sleep(nanoseconds: 2_000_000)
        }
    }

    private static func createBug(_ session: SimulatorSession) async throws -> Int {
        let response = try await session.createWorkItem(fields: [("System.Title", "Finding")])
        return try #require(try response.json()["id"]?.intValue)
    }

    @Test("a state change delivers workitem.updated keyed by workItemId with old and new values")
    func updatedPayload() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            let subscriptionID = try await Self.subscribe(session, receiver)
            let id = try await Self.createBug(session)

            try await session.admin("POST", "workitems/\(id)/state", ["state": "Resolved"])
            try await receiver.waitForDeliveries(1)

            let delivery = try #require(receiver.deliveries.first)
            #expect(delivery.method == "POST")
            #expect(delivery.path == "/webhooks/azure-devops/config-1/secret-token")
            #expect(delivery.headers["X-Tracker-Bridge-Token"] == "secret-token")
            let payload = try receiver.payloads()[0]
            #expect(payload["eventType"]?.stringValue == "workitem.updated")
            #expect(payload["publisherId"]?.stringValue == "tfs")
            #expect(payload["subscriptionId"]?.stringValue == subscriptionID)
            #expect(payload["notificationId"]?.intValue == 1)
            #expect(payload["resourceVersion"]?.stringValue == "1.0")
            let resource = try #require(payload["resource"])
            #expect(resource["workItemId"]?.intValue == id)
            #expect(resource["id"]?.intValue == 2)
            #expect(resource["rev"]?.intValue == 2)
            #expect(resource["fields"]?["System.State"]?["oldValue"]?.stringValue == "New")
            #expect(resource["fields"]?["System.State"]?["newValue"]?.stringValue == "Resolved")
            #expect(resource["revision"]?["fields"]?["System.Title"]?.stringValue == "Finding")
            let changedBy = resource["revision"]?["fields"]?["System.ChangedBy"]
            #expect(changedBy?.stringValue == "Bob Builder <bob@example.com>")
            #expect(payload["resourceContainers"]?["project"]?["id"]?.stringValue != nil)
        }
    }

    @Test("resource version 5.1-preview.3 writes identities as objects")
    func identityObjects() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            _ = try await Self.subscribe(session, receiver, resourceVersion: "5.1-preview.3")
            let id = try await Self.createBug(session)

            try await session.admin("POST", "workitems/\(id)/state", ["state": "Closed"])
            try await receiver.waitForDeliveries(1)

            let resource = try #require(try receiver.payloads()[0]["resource"])
            let changedBy = resource["revision"]?["fields"]?["System.ChangedBy"]
            #expect(changedBy?["uniqueName"]?.stringValue == "bob@example.com")
            #expect(resource["revisedBy"]?["displayName"]?.stringValue == "Bob Builder")
        }
    }

    @Test("deleting and restoring deliver the work item itself as the resource")
    func deletedAndRestored() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            _ = try await Self.subscribe(session, receiver, event: "workitem.deleted")
            _ = try await Self.subscribe(session, receiver, event: "workitem.restored")
            let id = try await Self.createBug(session)

            try await session.admin("POST", "workitems/\(id)/delete")
            try await receiver.waitForDeliveries(1)
            try await session.admin("POST", "workitems/\(id)/restore")
            try await receiver.waitForDeliveries(2)

            let payloads = try receiver.payloads()
            #expect(payloads.map { $0["eventType"]?.stringValue } == ["workitem.deleted", "workitem.restored"])
            #expect(payloads.allSatisfy { $0["resource"]?["id"]?.intValue == id })
            #expect(payloads[0]["resource"]?["url"]?.stringValue?.contains("/recycleBin/") == true)
        }
    }

    @Test("a duplicate delivery repeats the notificationId")
    func duplicates() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            _ = try await Self.subscribe(session, receiver)
            let id = try await Self.createBug(session)
            try await session.admin("POST", "hooks/behaviour", ["duplicate": 1])

            try await session.admin("POST", "workitems/\(id)/state", ["state": "Active"])
            try await receiver.waitForDeliveries(2)

            let ids = try receiver.payloads().map { $0["notificationId"]?.intValue }
            #expect(ids == [1, 1])
        }
    }

    @Test("a held delivery is overtaken by later ones and arrives out of order when released")
    func outOfOrder() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            _ = try await Self.subscribe(session, receiver)
            let id = try await Self.createBug(session)
            try await session.admin("POST", "hooks/behaviour", ["hold": 1])

            try await session.admin("POST", "workitems/\(id)/state", ["state": "Active"])
            try await session.admin("POST", "workitems/\(id)/state", ["state": "Closed"])
            try await receiver.waitForDeliveries(1)
            let released = try await session.admin("POST", "hooks/release")
            try await receiver.waitForDeliveries(2)

            let revisions = try receiver.payloads().map { $0["resource"]?["rev"]?.intValue }
            #expect(released["released"]?.intValue == 1)
            #expect(revisions == [3, 2])
        }
    }

    @Test("a 503 is retried until it succeeds; a 500 puts the subscription on probation and drops new events")
    func retryAndProbation() async throws {
        try await LoopHarness.run { loop in
            // Probation retries wait four times the base (400 ms here): ample time to send the next event.
            let session = try SimulatorSession(loop: loop) { $0.hookRetryMilliseconds = 100 }
            let receiver = try WebhookReceiver(loop: loop)
            defer { session.close(); receiver.close() }
            let subscriptionID = try await Self.subscribe(session, receiver)
            let id = try await Self.createBug(session)

            receiver.statuses = [503, 503]
            try await session.admin("POST", "workitems/\(id)/state", ["state": "Active"])
            try await receiver.waitForDeliveries(3)

            receiver.statuses = [500]
            try await session.admin("POST", "workitems/\(id)/state", ["state": "Resolved"])
            try await receiver.waitForDeliveries(4)
            try await Self.waitForStatus("onProbation", of: subscriptionID, session)
            try await session.admin("POST", "workitems/\(id)/state", ["state": "Closed"])
            try await receiver.waitForDeliveries(5)
            let deliveries = try await session.admin("GET", "deliveries?payload=false")["value"]?.arrayValue ?? []
            let subscription = try await session.send("GET", "_apis/hooks/subscriptions/\(subscriptionID)").json()

            #expect(deliveries.count == 3)
            #expect(deliveries[0]["attempts"]?.arrayValue?.map { $0["status"]?.intValue } == [503, 503, 200])
            #expect(deliveries[1]["attempts"]?.arrayValue?.map { $0["status"]?.intValue } == [500, 200])
            #expect(deliveries[1]["outcome"]?.stringValue == "delivered")
            #expect(deliveries[2]["outcome"]?.stringValue == "dropped")
            #expect(subscription["status"]?.stringValue == "enabled")
        }
    }

    @Test("a subscription to a URL off loopback is refused, so the simulator never sends elsewhere")
    func loopbackOnly() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            let body: JSONValue = [
                "publisherId": "tfs", "eventType": "workitem.updated", "consumerId": "webHooks",
                "consumerActionId": "httpRequest", "consumerInputs": ["url": "https://hooks.example.com/in"],
            ]

            let response = try await session.send("POST", "_apis/hooks/subscriptions?api-version=5.0",
                                                  contentType: "application/json", body: body)

            #expect(response.status == 400)
            #expect(try response.json()["message"]?.stringValue?.contains("loopback") == true)
        }
    }
}
