import Foundation
import JSON
import Testing
import TestSupport

/// Who may get tickets and what a call answers when not everything goes well: refused applications,
/// existing tickets, a tracker rejecting one create, and idempotency keys (SPEC §3, §5, §6).
@Suite("createTickets: rules, failures and idempotency")
struct TicketRulesTests {
    @Test("a vulnerability of an application the configuration does not allow is PERMISSION_DENIED; nothing is created")
    func applicationNotAllowed() throws {
        let bench = try TicketBench()
        try bench.report([
            TicketBench.vulnerability("v-1"), TicketBench.vulnerability("v-2", application: "app-intranet"),
        ])

        let error = try bench.createTickets(["v-1", "v-2"]).requireError()

        #expect(error.status == "PERMISSION_DENIED")
        #expect(error.message.contains("app-intranet"))
        #expect(try bench.workItems().isEmpty)
        #expect(try bench.tickets().isEmpty)
    }

    @Test("unknown vulnerabilities, configurations and bad params are refused before the tracker is called")
    func refusedBeforeTracker() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1")])

        let unknownVulnerability = try bench.createTickets(["v-1", "v-404"]).requireError()
        let unknownConfiguration = try bench.client.call("createTickets", [
            "configurationId": "no-such-configuration", "vulnerabilityIds": ["v-1"],
        ]).requireError()
        let repeated = try bench.createTickets(["v-1", "v-1"]).requireError()
        let titleWithoutBulk = try bench.createTickets(["v-1"], ["title": "x"]).requireError()
        let empty = try bench.createTickets([]).requireError()
        let unknownType = try bench.createTickets(["v-1"], ["workItemType": "Spaceship"]).requireError()

        #expect(unknownVulnerability.status == "NOT_FOUND")
        #expect(unknownVulnerability.message.contains("v-404"))
        #expect(unknownConfiguration.status == "NOT_FOUND")
        #expect(repeated.status == "INVALID_ARGUMENT")
        #expect(repeated.violatedFields == ["vulnerabilityIds[1]"])
        #expect(titleWithoutBulk.violatedFields == ["title"])
        #expect(empty.violatedFields == ["vulnerabilityIds"])
        #expect(unknownType.status == "NOT_FOUND")
        #expect(unknownType.message.contains("Spaceship"))
        #expect(try bench.workItems().isEmpty)
        #expect(try bench.tickets().isEmpty)
    }

    @Test("a configuration without a project is FAILED_PRECONDITION")
    func configurationWithoutProject() throws {
        let bench = try TicketBench()
        let incomplete = try bench.configure(["project": .null], name: "No project yet")
        try bench.report([TicketBench.vulnerability("v-1")])

        let error = try bench.client.call("createTickets", [
            "configurationId": .string(incomplete), "vulnerabilityIds": ["v-1"],
        ]).requireError()

        #expect(error.status == "FAILED_PRECONDITION")
        #expect(error.violatedFields == ["project"])
        #expect(try bench.workItems().isEmpty)
    }

    @Test("a vulnerability with an open ticket in the configuration gets that ticket back, not a new work item")
    func existingOpenTicketReturned() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1"), TicketBench.vulnerability("v-2")])
        let first = try bench.createTickets(["v-1"]).requireResult()

        let again = try bench.createTickets(["v-1", "v-2"]).requireResult()

        let firstTicket = try #require(first["tickets"]?.arrayValue?.first)
        let tickets = try #require(again["tickets"]?.arrayValue)
        #expect(tickets.count == 2)
        #expect(tickets.first == firstTicket)
        #expect(tickets.last?["vulnerabilityIds"] == ["v-2"])
        #expect(try bench.workItems().count == 2)
        #expect(try bench.tickets(of: "v-1").count == 1)
    }

    @Test("partial failure: the created tickets come back with one failure entry carrying the tracker's reason")
    func partialFailure() throws {
        let bench = try TicketBench()
        let ids = (1...5).map { "v-\($0)" }
        try bench.report(ids.map { TicketBench.vulnerability($0) })
        try bench.failNextCreate(status: 500)

        let result = try bench.createTickets(ids).requireResult()

        let tickets = try #require(result["tickets"]?.arrayValue)
        let failures = try #require(result["failures"]?.arrayValue)
        #expect(tickets.count == 4)
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        let failedId = try #require(failure["vulnerabilityIds"]?.arrayValue?.first?.stringValue)
        #expect(!tickets.contains { $0["vulnerabilityIds"]?.arrayValue?.first?.stringValue == failedId })
        #expect(failure["error"]?["data"]?["upstream"]?["httpStatus"] == 500)
        #expect(failure["error"]?["data"]?["status"] != nil)
        #expect(try bench.workItems().count == 4)

        let detail = try bench.client.call("getVulnerability", ["id": .string(failedId)]).requireResult()
        #expect(detail["vulnerability"]?["ticketFailures"]?.arrayValue?.count == 1)
        #expect(detail["vulnerability"]?["tickets"]?.arrayValue?.isEmpty == true)

        let retried = try bench.createTickets([failedId]).requireResult()
        #expect(retried["tickets"]?.arrayValue?.count == 1, "a failed ticket does not block a new attempt")
        #expect(try bench.workItems().count == 5)
    }

    @Test("the same idempotency key replays the result; other params are INVALID_ARGUMENT")
    func idempotencyReplayAndMismatch() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1"), TicketBench.vulnerability("v-2")])
        let meta: JSONObject = ["_meta": ["idempotencyKey": "order-1"]]

        let first = try bench.createTickets(["v-1"], meta).requireResult()
        let replay = try bench.createTickets(["v-1"], meta).requireResult()
        let mismatch = try bench.createTickets(["v-2"], meta).requireError()

        #expect(replay == first)
        #expect(mismatch.status == "INVALID_ARGUMENT")
        #expect(mismatch.violatedFields == ["_meta.idempotencyKey"])
        #expect(try bench.workItems().count == 1)
    }

    @Test("the same idempotency key while the first call still runs is ABORTED")
    func idempotencyInFlight() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1")])
        try bench.tracker.admin.setFaults(["holdNextCreate": "hold"])
        let meta: JSONObject = ["_meta": ["idempotencyKey": "order-2"]]
        let firstID = try bench.client.send("createTickets", [
            "configurationId": .string(bench.configurationId), "vulnerabilityIds": ["v-1"], "_meta": meta["_meta"]!,
        ])
        try bench.waitUntil("the simulator holds the created work item") { try !bench.workItems().isEmpty }

        let second = try bench.server.connect().call("createTickets", [
            "configurationId": .string(bench.configurationId), "vulnerabilityIds": ["v-1"], "_meta": meta["_meta"]!,
        ]).requireError()
        try bench.tracker.admin.post("/_admin/faults/release")
        let first = try bench.client.reply(to: firstID).requireResult()

        #expect(second.status == "ABORTED")
        #expect(first["tickets"]?.arrayValue?.count == 1)
        #expect(try bench.workItems().count == 1)
    }

    @Test("progress notifications report each settled work item of a large call")
    func progress() throws {
        let bench = try TicketBench()
        let ids = (1...30).map { "v-\($0)" }
        try bench.report(ids.map { TicketBench.vulnerability($0) })

        let result = try bench.createTickets(ids, ["_meta": ["progressToken": "p-1"]]).requireResult()

        #expect(result["tickets"]?.arrayValue?.count == 30)
        let progress = bench.client.progress
        #expect(progress.count == 30)
        #expect(progress.last?.progress == 30)
        #expect(progress.last?.total == 30)
    }
}
