import Foundation
import JSON
import Testing
import TestSupport

/// Automatic ticket creation (SPEC §1.5, §6): only new findings that match the rules or severities get a
/// ticket, in the background; never retroactively; never twice.
@Suite("automatic ticket creation")
struct AutoCreateTests {
    private func autoTickets(_ bench: TicketBench) throws -> [JSONValue] {
        try bench.tickets().filter { $0["origin"] == "auto" }
    }

    @Test("new findings matching the default severities (Critical, High) get a ticket; others do not")
    func defaultSeverities() throws {
        let bench = try TicketBench(configuration: ["autoCreate": ["enabled": true]])

        let reported = try bench.report([
            TicketBench.vulnerability("v-critical", severity: "Critical"),
            TicketBench.vulnerability("v-medium", severity: "Medium"),
            TicketBench.vulnerability("v-high", severity: "High"),
            TicketBench.vulnerability("v-other-app", severity: "Critical", application: "app-intranet"),
        ])

        #expect(reported["created"] == 4)
        #expect(reported["autoTicketsQueued"] == 2)
        try bench.waitUntil("both automatic tickets exist") { try autoTickets(bench).count == 2 }
        let ticketed = try autoTickets(bench).compactMap { $0["vulnerabilityIds"]?.arrayValue?.first?.stringValue }
        #expect(Set(ticketed) == ["v-critical", "v-high"])
        #expect(try bench.workItems().count == 2)
    }

    @Test("rules and severities: a finding matching either is ticketed, one matching neither is not")
    func rulesAndSeverities() throws {
        let bench = try TicketBench(configuration: [
            "autoCreate": ["enabled": true, "rules": ["xss"], "severities": ["Critical"]],
        ])

        let reported = try bench.report([
            TicketBench.vulnerability("v-xss-low", severity: "Low", rule: "xss"),
            TicketBench.vulnerability("v-sqli-critical", severity: "Critical", rule: "sql-injection"),
            TicketBench.vulnerability("v-sqli-high", severity: "High", rule: "sql-injection"),
        ])

        #expect(reported["autoTicketsQueued"] == 2)
        try bench.waitUntil("both automatic tickets exist") { try autoTickets(bench).count == 2 }
        let ticketed = try autoTickets(bench).compactMap { $0["vulnerabilityIds"]?.arrayValue?.first?.stringValue }
        #expect(Set(ticketed) == ["v-xss-low", "v-sqli-critical"])
    }

    @Test("not retroactive: a finding first seen before auto-create was enabled is never auto-ticketed")
    func notRetroactive() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-old", severity: "Critical")])
        _ = try bench.client.call("configure", [
            "id": .string(bench.configurationId), "name": "Simulated tracker",
            "host": .string(bench.tracker.collectionURL),
            "project": .string(TicketBench.project), "applications": [.string(TicketBench.application)],
            "autoCreate": ["enabled": true],
        ]).requireResult()

        let again = try bench.report([
            TicketBench.vulnerability("v-old", severity: "Critical"),
            TicketBench.vulnerability("v-new", severity: "Critical"),
        ])

        #expect(again["created"] == 1)
        #expect(again["updated"] == 1)
        #expect(again["autoTicketsQueued"] == 1)
        try bench.waitUntil("the new finding's ticket exists") { try autoTickets(bench).count == 1 }
        #expect(try autoTickets(bench).first?["vulnerabilityIds"] == ["v-new"])
        #expect(try bench.tickets(of: "v-old").isEmpty)
    }

    @Test("never twice: reporting the finding again queues nothing, and a manual call returns the automatic ticket")
    func neverTwice() throws {
        let bench = try TicketBench(configuration: ["autoCreate": ["enabled": true]])
        try bench.report([TicketBench.vulnerability("v-1", severity: "High")])
        try bench.waitUntil("the automatic ticket exists") { try autoTickets(bench).count == 1 }

        let again = try bench.report([TicketBench.vulnerability("v-1", severity: "Critical")])
        let manual = try bench.createTickets(["v-1"]).requireResult()

        #expect(again["autoTicketsQueued"] == 0)
        #expect(manual["tickets"]?.arrayValue?.first?["origin"] == "auto")
        #expect(try bench.workItems().count == 1)
    }

    @Test("a failed automatic ticket is visible on the vulnerability and retried until it succeeds")
    func failureVisibleAndRetried() throws {
        let bench = try TicketBench(configuration: ["autoCreate": ["enabled": true]])
        try bench.failNextCreate(status: 500)

        try bench.report([TicketBench.vulnerability("v-1", severity: "Critical")])

        try bench.waitUntil("the failure is recorded on the vulnerability") {
            let detail = try bench.client.call("getVulnerability", ["id": "v-1"]).requireResult()
            return detail["vulnerability"]?["ticketFailures"]?.arrayValue?.isEmpty == false
        }
        try bench.waitUntil("the retry created the ticket") { try autoTickets(bench).count == 1 }
        let detail = try bench.client.call("getVulnerability", ["id": "v-1"]).requireResult()
        #expect(detail["vulnerability"]?["tickets"]?.arrayValue?.count == 1)
        #expect(detail["vulnerability"]?["ticketFailures"]?.arrayValue?.first?["reason"]?.stringValue?.isEmpty == false)
        #expect(try bench.workItems().count == 1)
    }
}
