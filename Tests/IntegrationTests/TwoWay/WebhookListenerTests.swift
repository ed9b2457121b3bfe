import Foundation
import JSON
import TestSupport
import Testing

/// Two-way integration end to end: the simulated tracker delivers real-shaped service hooks to the server's
/// webhook listener, and the statuses and Discussions of the vulnerabilities follow SPEC §7.
@Suite("Two-way integration through the webhook listener", .serialized)
struct WebhookListenerTests {
    @Test("closing a work item remediates its vulnerability; reopening it reports it again", arguments: [
        "1.0", "1.0-preview.2", "5.1-preview.3",
    ])
    func closeAndReopen(resourceVersion: String) throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["v-1"])
        let ticket = try bench.createTicket(configuration.id, ["v-1"])
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        try bench.subscribe(url: configuration.url, resourceVersion: resourceVersion)

        try bench.setState(workItemId, "Closed")
        #expect(try bench.status("v-1") == "Remediated")
        let closedComment = try #require(try bench.discussion("v-1").last)
        #expect(closedComment.contains("#\(workItemId)"))
        #expect(closedComment.contains("\"Boards\""))
        #expect(closedComment.contains("Reported → Remediated"))
        #expect(try bench.ticket(ticket["id"]?.stringValue ?? "")?["open"] == false)

        try bench.setState(workItemId, "Active")
        #expect(try bench.status("v-1") == "Reported")
        #expect(try bench.discussion("v-1").last?.contains("Remediated → Reported") == true)
        #expect(try bench.notifications().allSatisfy { $0["outcome"] == "delivered" })
    }

    @Test("a bulk work item moves all of its vulnerabilities")
    func bulkTicket() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["b-1", "b-2", "b-3"])
        let ticket = try bench.createTicket(configuration.id, ["b-1", "b-2", "b-3"])
        try bench.subscribe(url: configuration.url)

        try bench.setState(try #require(ticket["workItemId"]?.intValue), "Resolved")

        for id in ["b-1", "b-2", "b-3"] {
            #expect(try bench.status(id) == "Remediated")
            #expect(try bench.discussion(id).count == 1)
        }
    }

    @Test("a vulnerability with two tickets in two configurations closes only when both are closed")
    func twoTickets() throws {
        let bench = try TwoWayBench()
        let boards = try bench.configure(name: "Boards")
        let audit = try bench.configure(name: "Audit")
        try bench.report(["m-1"])
        let first = try #require(try bench.createTicket(boards.id, ["m-1"])["workItemId"]?.intValue)
        let second = try #require(try bench.createTicket(audit.id, ["m-1"])["workItemId"]?.intValue)
        try bench.subscribe(url: boards.url)
        try bench.subscribe(url: audit.url)

        try bench.setState(first, "Closed")
        #expect(try bench.status("m-1") == "Reported")
        let waiting = try #require(try bench.discussion("m-1").last)
        #expect(waiting.contains("1 of 2 linked work items still open (#\(second))"))

        try bench.setState(second, "Closed")
        #expect(try bench.status("m-1") == "Remediated")
        #expect(try bench.discussion("m-1").last?.contains("\"Audit\"") == true)
    }

    @Test("Removed maps to NotAProblem, and a custom statusMapping and reopenStatus apply")
    func statusMapping() throws {
        let bench = try TwoWayBench()
        let standard = try bench.configure(name: "Standard")
        let custom = try bench.configure(name: "Custom", twoWay: [
            "enabled": true, "statusMapping": ["Resolved": "Fixed", "Removed": "NotAProblem"],
            "reopenStatus": "Confirmed",
        ])
        try bench.report(["r-1", "c-1", "c-2"])
        let removed = try #require(try bench.createTicket(standard.id, ["r-1"])["workItemId"]?.intValue)
        let resolved = try #require(try bench.createTicket(custom.id, ["c-1"])["workItemId"]?.intValue)
        let closed = try #require(try bench.createTicket(custom.id, ["c-2"])["workItemId"]?.intValue)
        try bench.subscribe(url: standard.url)
        try bench.subscribe(url: custom.url)

        try bench.setState(removed, "Removed")
        try bench.setState(resolved, "Resolved")
        try bench.setState(closed, "Closed")
        #expect(try bench.status("r-1") == "NotAProblem")
        #expect(try bench.status("c-1") == "Fixed")
        #expect(try bench.status("c-2") == "Reported")
        #expect(try bench.discussion("c-2").last?.contains("not a closed state") == true)

        try bench.setState(resolved, "Active")
        #expect(try bench.status("c-1") == "Confirmed")
    }

    @Test("duplicate and out-of-order deliveries change nothing")
    func duplicatesAndOrder() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["d-1"])
        let ticket = try bench.createTicket(configuration.id, ["d-1"])
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        try bench.subscribe(url: configuration.url)

        // Closed is sent twice; then Active is held back and arrives after Closed again (a newer revision).
        try bench.tracker.admin.post("/_admin/hooks/behaviour", ["duplicate": 1])
        try bench.setState(workItemId, "Closed")
        #expect(try bench.discussion("d-1").count == 1)
        #expect(bench.server.logLines(containing: "webhook delivery handled", "outcome=duplicate").count == 1)

        try bench.tracker.admin.post("/_admin/hooks/behaviour", ["hold": 1])
        try bench.tracker.admin.setState(of: workItemId, to: "Active")
        try bench.setState(workItemId, "Closed")
        try bench.tracker.admin.post("/_admin/hooks/release")
        try bench.settleDeliveries()

        #expect(try bench.status("d-1") == "Remediated")
        #expect(bench.server.logLines(containing: "webhook delivery handled", "outcome=stale").count == 1)
        let revisions = try bench.notifications().compactMap { $0["rev"]?.intValue }
        #expect(try bench.ticket(ticket["id"]?.stringValue ?? "")?["lastRevision"]?.intValue == revisions.max())
    }

    @Test("a delivery the tracker lost is repaired by syncTickets")
    func lostDeliveryRepairedBySync() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["l-1", "l-2"])
        let lost = try #require(try bench.createTicket(configuration.id, ["l-1"])["workItemId"]?.intValue)
        _ = try bench.createTicket(configuration.id, ["l-2"])
        try bench.subscribe(url: configuration.url)

        try bench.tracker.admin.post("/_admin/hooks/behaviour", ["drop": 1])
        try bench.setState(lost, "Closed")
        #expect(try bench.status("l-1") == "Reported")

        let progressToken: JSONValue = "sync-1"
        let result = try bench.client.call("syncTickets", [
            "configurationId": .string(configuration.id), "_meta": ["progressToken": progressToken],
        ]).requireResult()
        #expect(result["checked"] == 2)
        let changed = try #require(result["changed"]?.arrayValue)
        #expect(changed.count == 1)
        #expect(changed.first?["workItemId"]?.intValue == lost)
        #expect(changed.first?["to"] == "Closed")
        #expect(try bench.status("l-1") == "Remediated")
        #expect(try bench.discussion("l-1").last?.contains("syncTickets") == true)
        #expect(bench.client.progress.last?.progress == 2)

        let again = try bench.client.call("syncTickets", ["configurationId": .string(configuration.id)])
        #expect(try again.requireResult()["changed"] == [])
    }

    @Test("a deleted work item counts as Removed and a restored one reopens")
    func deleteAndRestore() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["x-1"])
        let ticket = try bench.createTicket(configuration.id, ["x-1"])
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        try bench.subscribe(url: configuration.url, resourceVersion: "5.1-preview.3")

        try bench.delete(workItemId)
        #expect(try bench.status("x-1") == "NotAProblem")
        #expect(try bench.discussion("x-1").last?.contains("was deleted") == true)
        let stateAfterDeletion = try bench.ticket(ticket["id"]?.stringValue ?? "")?["state"]
        #expect(stateAfterDeletion == "Removed")

        try bench.restore(workItemId)
        let statusAfterRestore = try bench.status("x-1")
        #expect(statusAfterRestore == "Reported")
    }
}
