import Foundation
import JSON
import TestSupport
import Testing

/// The same two-way flows handed over through the `handleWebhook` method, with the payloads the simulated
/// tracker published (its subscriptions point at a closed port, so nothing arrives by HTTP).
@Suite("Two-way integration through handleWebhook", .serialized)
struct HandleWebhookTests {
    /// A bench whose service hooks deliver nowhere; the payloads are read from the tracker.
    static func bench() throws -> TwoWayBench {
        let bench = try TwoWayBench(listen: false)
        return bench
    }

    static func subscribeNowhere(_ bench: TwoWayBench, resourceVersion: String = "1.0") throws {
        let nowhere = "http://127.0.0.1:\(try LoopbackPort.free())/nowhere"
        try bench.subscribe(url: nowhere, resourceVersion: resourceVersion)
    }

    @Test("close, duplicate, stale and reopen of a single ticket", arguments: ["1.0", "5.1-preview.3"])
    func singleTicket(resourceVersion: String) throws {
        let bench = try Self.bench()
        let configuration = try bench.configure()
        try bench.report(["s-1"])
        let ticket = try bench.createTicket(configuration.id, ["s-1"])
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        try Self.subscribeNowhere(bench, resourceVersion: resourceVersion)

        try bench.tracker.admin.setState(of: workItemId, to: "Active")
        let active = try bench.newestPayload("workitem.updated", workItemId: workItemId)
        try bench.tracker.admin.setState(of: workItemId, to: "Closed")
        let closed = try bench.newestPayload("workitem.updated", workItemId: workItemId)
        #expect(active != closed)

        let applied = try bench.handOver(closed, to: configuration).requireResult()
        #expect(applied["outcome"] == "applied")
        #expect(applied["changes"] == [["vulnerabilityId": "s-1", "from": "Reported", "to": "Remediated"]])
        #expect(applied["ticket"]?["state"] == "Closed")

        let repeated = try bench.handOver(closed, to: configuration).requireResult()
        #expect(repeated["outcome"] == "duplicate")
        let stale = try bench.handOver(active, to: configuration).requireResult()
        #expect(stale["outcome"] == "stale")
        #expect(try bench.status("s-1") == "Remediated")
        #expect(try bench.discussion("s-1").count == 1)

        try bench.tracker.admin.setState(of: workItemId, to: "Active")
        let reopened = try bench.handOver(
            try bench.newestPayload("workitem.updated", workItemId: workItemId), to: configuration
        ).requireResult()
        #expect(reopened["changes"] == [["vulnerabilityId": "s-1", "from": "Remediated", "to": "Reported"]])
    }

    @Test("a bulk ticket, and a vulnerability with tickets in two configurations")
    func bulkAndShared() throws {
        let bench = try Self.bench()
        let configuration = try bench.configure()
        let other = try bench.configure(name: "Other")
        try bench.report(["k-1", "k-2"])
        let bulk = try #require(try bench.createTicket(configuration.id, ["k-1", "k-2"])["workItemId"]?.intValue)
        let single = try #require(try bench.createTicket(other.id, ["k-2"])["workItemId"]?.intValue)
        try Self.subscribeNowhere(bench)

        try bench.tracker.admin.setState(of: bulk, to: "Resolved")
        let bulkClosed = try bench.handOver(
            try bench.newestPayload("workitem.updated", workItemId: bulk), to: configuration
        ).requireResult()
        #expect(bulkClosed["changes"] == [["vulnerabilityId": "k-1", "from": "Reported", "to": "Remediated"]])
        #expect(try bench.status("k-2") == "Reported")
        #expect(try bench.discussion("k-2").last?.contains("1 of 2 linked work items still open") == true)

        try bench.tracker.admin.setState(of: single, to: "Closed")
        let singleClosed = try bench.handOver(
            try bench.newestPayload("workitem.updated", workItemId: single), to: other
        ).requireResult()
        #expect(singleClosed["changes"] == [["vulnerabilityId": "k-2", "from": "Reported", "to": "Remediated"]])
    }

    @Test("bad input gets a clear error and changes nothing; other events are ignored")
    func badInput() throws {
        let bench = try Self.bench()
        let configuration = try bench.configure()
        try bench.report(["e-1"])
        let workItemId = try #require(try bench.createTicket(configuration.id, ["e-1"])["workItemId"]?.intValue)
        try Self.subscribeNowhere(bench)
        try bench.tracker.admin.setState(of: workItemId, to: "Closed")
        let closed = try bench.newestPayload("workitem.updated", workItemId: workItemId)

        let forged = try bench.client.call("handleWebhook", [
            "configurationId": .string(configuration.id), "token": "guessed", "payload": closed,
        ])
        #expect(try forged.requireError().status == "UNAUTHENTICATED")

        var broken = try #require(closed.objectValue)
        var resource = try #require(broken["resource"]?.objectValue)
        resource["fields"] = ["System.State": ["oldValue": "New"]]
        broken["resource"] = .object(resource)
        let malformed = try bench.handOver(.object(broken), to: configuration).requireError()
        #expect(malformed.status == "INVALID_ARGUMENT")
        #expect(malformed.violatedFields == ["payload.resource.fields.System.State.newValue"])

        let notAnObject = try bench.handOver(42, to: configuration).requireError()
        #expect(notAnObject.violatedFields == ["payload"])
        let missingToken = try bench.client.call("handleWebhook", [
            "configurationId": .string(configuration.id), "payload": closed,
        ])
        #expect(try missingToken.requireError().code == -32602)

        var commented = try #require(closed.objectValue)
        commented["eventType"] = "workitem.commented"
        commented["notificationId"] = 999
        let ignored = try bench.handOver(.object(commented), to: configuration).requireResult()
        #expect(ignored["outcome"] == "ignored")

        #expect(try bench.status("e-1") == "Reported")
        #expect(try bench.discussion("e-1").isEmpty)
    }

    @Test("syncTickets and rotateWebhookToken refuse unknown and disabled configurations")
    func syncRefusals() throws {
        let bench = try Self.bench()
        let disabled = try bench.client.call("configure", [
            "name": "Off", "host": .string(bench.tracker.collectionURL),
            "personalAccessToken": .string(bench.tracker.pat),
            "applications": [.string(TwoWayBench.application)], "project": .string(TwoWayBench.project),
        ]).requireResult()
        let disabledId = try #require(disabled["configuration"]?["id"])

        for method in ["syncTickets", "rotateWebhookToken"] {
            #expect(try bench.client.call(method, ["configurationId": disabledId]).requireError().status
                == "FAILED_PRECONDITION")
            #expect(try bench.client.call(method, ["configurationId": "missing"]).requireError().status == "NOT_FOUND")
            #expect(try bench.client.call(method, ["configurationId": ""]).requireError().violatedFields
                == ["configurationId"])
        }
    }
}
