import Foundation
import JSON
import Testing
import TestSupport

/// Exactly once across crashes (SPEC §6): a work item the tracker created while the service died is
/// adopted by its marker after the restart, and queued work resumes from the durable queue.
@Suite("tickets across crashes")
struct TicketRecoveryTests {
    @Test("SIGKILL after the tracker created the work item but before it was recorded: the restart adopts it")
    func adoptAfterKill() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1")])
        try bench.tracker.admin.setFaults(["holdNextCreate": "hold"])
        _ = try bench.client.send("createTickets", [
            "configurationId": .string(bench.configurationId), "vulnerabilityIds": ["v-1"],
        ])
        try bench.waitUntil("the simulator stored the work item and holds its reply") {
            try bench.workItems().count == 1
        }

        try bench.restartAfterKill()
        try bench.tracker.admin.post("/_admin/faults/release")

        try bench.waitUntil("the pending ticket adopted its work item") { try bench.tickets().count == 1 }
        let items = try bench.workItems()
        let tickets = try bench.tickets()
        #expect(items.count == 1)
        #expect(tickets.first?["workItemId"] == items.first?["id"])
        #expect(tickets.first?["vulnerabilityIds"] == ["v-1"])
        let again = try bench.createTickets(["v-1"]).requireResult()
        #expect(again["tickets"]?.arrayValue?.first?["id"] == tickets.first?["id"])
        #expect(try bench.workItems().count == 1, "exactly one work item is linked")
        #expect(!bench.server.logLines(containing: "adopted").isEmpty)
    }

    @Test("a create whose outcome is unknown stays pending and is created after the restart, with its overrides")
    func createAfterRestart() throws {
        let bench = try TicketBench()
        try bench.report(["v-0", "v-1", "v-2"].map { TicketBench.vulnerability($0) })
        // Learns the project's types without leaving a work item: the replacement tracker numbers from 1 again.
        try bench.failNextCreate(status: 500)
        _ = try bench.createTickets(["v-0"]).requireResult()
        bench.tracker.stop()

        let unreachable = try bench.createTickets(["v-1", "v-2"], ["bulk": true, "title": "Bulk <after> restart"])
            .requireResult()

        let failure = try #require(unreachable["failures"]?.arrayValue?.first)
        #expect(failure["error"]?["data"]?["status"] == "UNAVAILABLE")
        let detail = try bench.client.call("getVulnerability", ["id": "v-1"]).requireResult()
        #expect(detail["vulnerability"]?["pendingTickets"]?.arrayValue?.count == 1)

        let replacement = try SimulatorProcess.start()
        _ = try bench.client.call("configure", [
            "id": .string(bench.configurationId), "name": "Simulated tracker",
            "host": .string(replacement.collectionURL), "personalAccessToken": .string(replacement.pat),
            "project": .string(TicketBench.project),
            "applications": [.string(TicketBench.application)],
        ]).requireResult()
        try bench.restartAfterKill()

        try bench.waitUntil("the pending bulk ticket was created") { try bench.tickets(of: "v-1").count == 1 }
        let items = try replacement.admin.workItems()
        #expect(items.count == 1)
        #expect(items.first?["fields"]?["System.Title"] == "Bulk <after> restart")
        #expect(try bench.tickets(of: "v-2").first?["vulnerabilityIds"] == ["v-1", "v-2"])
    }

    @Test("automatic ticket jobs queued before a crash run after the restart")
    func queueResumesAfterRestart() throws {
        let bench = try TicketBench(configuration: ["autoCreate": ["enabled": true]])
        try bench.tracker.admin.setFaults(["holdNextCreate": "hold"])
        let reported = try bench.report([
            TicketBench.vulnerability("v-1", severity: "Critical"), TicketBench.vulnerability("v-2", severity: "High"),
        ])
        #expect(reported["autoTicketsQueued"] == 2)
        try bench.waitUntil("the first automatic create is held") { try bench.workItems().count >= 1 }

        try bench.restartAfterKill()
        try bench.tracker.admin.post("/_admin/faults/release")

        try bench.waitUntil("both automatic tickets exist") { try bench.tickets().count == 2 }
        let items = try bench.workItems()
        #expect(items.count == 2, "one work item per finding, the held one adopted")
        let linked = Set(try bench.tickets().compactMap { $0["workItemId"]?.intValue })
        #expect(linked == Set(items.compactMap { $0["id"]?.intValue }))
        #expect(!bench.server.logLines(containing: "ended job leases left by a stopped process").isEmpty,
                "the killed server's leases end at start-up instead of after five minutes")
    }

    @Test("an automatic ticket job waiting for its retry when the server died runs from the queue after the restart")
    func retryRunsAfterRestart() throws {
        let bench = try TicketBench(configuration: ["autoCreate": ["enabled": true]])
        try bench.failNextCreate(status: 503)
        try bench.report([TicketBench.vulnerability("v-1", severity: "Critical")])
        try bench.waitUntil("the first attempt failed") {
            let detail = try bench.client.call("getVulnerability", ["id": "v-1"]).requireResult()
            return detail["vulnerability"]?["ticketFailures"]?.arrayValue?.isEmpty == false
        }

        try bench.restartAfterKill()

        try bench.waitUntil("the retried job created the ticket") { try bench.tickets().count == 1 }
        #expect(try bench.workItems().count == 1)
        #expect(try bench.tickets().first?["origin"] == "auto")
    }
}
