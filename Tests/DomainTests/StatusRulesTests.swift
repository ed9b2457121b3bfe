import Domain
import Foundation
import Testing

@Suite("Status rules")
struct StatusRulesTests {
    let now = Date(timeIntervalSince1970: 1_710_259_331)
    let jamal = TrackerIdentity(displayName: "Jamal Hartnett", uniqueName: "jamal@fabrikam.com")

    func change(
        _ newState: String, cause: WorkItemChange.Cause = .updated, workItemId: Int = 13, by: TrackerIdentity? = nil
    ) -> WorkItemChange {
        WorkItemChange(cause: cause, workItemId: workItemId, revision: 3, newState: newState, changedBy: by)
    }

    func decide(
        _ change: WorkItemChange, ticket: Ticket, _ vulnerabilities: [LinkedVulnerability],
        configuration: Configuration = Samples.configuration()
    ) -> StatusDecision {
        StatusRules.decide(
            change: change, ticket: ticket, configuration: configuration, vulnerabilities: vulnerabilities, at: now)
    }

    func otherTicket(
        _ workItemId: Int, open: Bool, configurationId: String = "cfg-fabrikam-web"
    ) -> LinkedTicketState {
        LinkedTicketState(
            ticketId: "ticket-\(workItemId)", configurationId: configurationId, workItemId: workItemId, open: open)
    }

    @Test("closing a ticket remediates its only vulnerability and says so in the Discussion")
    func closeSingle() throws {
        let decision = decide(
            change("Closed", by: jamal), ticket: Samples.ticket(), [LinkedVulnerability(id: "v1", status: .reported)])

        #expect(decision.stateChanged)
        #expect(decision.ticketState == "Closed")
        #expect(!decision.ticketOpen)
        let only = try #require(decision.vulnerabilities.first)
        #expect(decision.vulnerabilities.count == 1)
        #expect(only.vulnerabilityId == "v1")
        #expect(only.from == .reported)
        #expect(only.to == .remediated)
        #expect(only.reason == nil)
        #expect(only.comment.at == now)
        #expect(only.comment.author == "tracker-bridge")
        #expect(only.comment.text == "Azure DevOps work item #13 "
            + "(https://dev.azure.com/fabrikam/Web/_workitems/edit/13) in configuration \"Fabrikam Web\": "
            + "state Active → Closed, changed by Jamal Hartnett <jamal@fabrikam.com>. "
            + "Status Reported → Remediated.")
        #expect(decision.changes.map(\.vulnerabilityId) == ["v1"])
    }

    @Test("every default closed state maps to its status", arguments: [
        ("Closed", VulnerabilityStatus.remediated), ("Done", .remediated), ("Resolved", .remediated),
        ("Removed", .notAProblem),
    ])
    func defaultMapping(state: String, status: VulnerabilityStatus) {
        let vulnerability = LinkedVulnerability(id: "v1", status: .confirmed)

        let decision = decide(change(state), ticket: Samples.ticket(), [vulnerability])

        #expect(decision.vulnerabilities.first?.to == status)
        #expect(!decision.ticketOpen)
    }

    @Test("a bulk ticket moves all its vulnerabilities")
    func bulkMovesAll() {
        let vulnerabilities = [
            LinkedVulnerability(id: "v1", status: .reported),
            LinkedVulnerability(id: "v2", status: .confirmed),
            LinkedVulnerability(id: "v3", status: .suspicious),
        ]

        let decision = decide(
            change("Done"), ticket: Samples.ticket(vulnerabilityIds: ["v1", "v2", "v3"]), vulnerabilities)

        #expect(decision.changes.map(\.vulnerabilityId) == ["v1", "v2", "v3"])
        #expect(decision.vulnerabilities.allSatisfy { $0.to == .remediated })
        #expect(decision.vulnerabilities.allSatisfy { $0.comment.text.contains("→ Remediated.") })
    }

    @Test("a vulnerability with another ticket still open keeps its status and says how many are open")
    func otherTicketStillOpen() throws {
        let vulnerability = LinkedVulnerability(
            id: "v1", status: .reported, otherTickets: [otherTicket(14, open: true)])

        let decision = decide(change("Closed"), ticket: Samples.ticket(), [vulnerability])

        let only = try #require(decision.vulnerabilities.first)
        #expect(decision.stateChanged)
        #expect(!decision.ticketOpen)
        #expect(only.to == nil)
        #expect(only.reason == "1 of 2 linked work items still open (#14)")
        #expect(only.comment.text.hasSuffix("Status stays Reported: 1 of 2 linked work items still open (#14)."))
        #expect(decision.changes.isEmpty)
    }

    @Test("the last of several tickets to close moves the vulnerability")
    func lastTicketCloses() {
        let vulnerability = LinkedVulnerability(
            id: "v1", status: .reported, otherTickets: [otherTicket(14, open: false), otherTicket(15, open: false)])

        let decision = decide(change("Resolved"), ticket: Samples.ticket(), [vulnerability])

        #expect(decision.vulnerabilities.first?.to == .remediated)
    }

    @Test("tickets in other configurations count too")
    func crossConfiguration() {
        let openElsewhere = LinkedVulnerability(
            id: "v1", status: .confirmed,
            otherTickets: [otherTicket(14, open: false), otherTicket(901, open: true, configurationId: "cfg-mobile")])
        let closedElsewhere = LinkedVulnerability(
            id: "v2", status: .confirmed, otherTickets: [otherTicket(902, open: false, configurationId: "cfg-mobile")])

        let decision = decide(
            change("Closed"), ticket: Samples.ticket(vulnerabilityIds: ["v1", "v2"]), [openElsewhere, closedElsewhere])

        #expect(decision.vulnerabilities[0].to == nil)
        #expect(decision.vulnerabilities[0].reason == "1 of 3 linked work items still open (#901)")
        #expect(decision.vulnerabilities[1].to == .remediated)
        #expect(decision.changes.map(\.vulnerabilityId) == ["v2"])
    }

    @Test("the ticket the event is about never counts as one of the others")
    func eventTicketNotCountedTwice() {
        let ticket = Samples.ticket()
        let vulnerability = LinkedVulnerability(id: "v1", status: .reported, otherTickets: [LinkedTicketState(ticket)])

        let decision = decide(change("Closed"), ticket: ticket, [vulnerability])

        #expect(decision.vulnerabilities.first?.to == .remediated)
    }

    @Test("a custom statusMapping decides which states close and to what")
    func customMapping() {
        let twoWay = TwoWaySettings(enabled: true, statusMapping: ["Done": .fixed, "Won't Fix": .notAProblem])
        let configuration = Samples.configuration(twoWay: twoWay)
        let vulnerability = [LinkedVulnerability(id: "v1", status: .reported)]

        let wontFix = decide(
            change("Won't Fix"), ticket: Samples.ticket(), vulnerability, configuration: configuration)
        let doneInOtherCase = decide(
            change("done"), ticket: Samples.ticket(), vulnerability, configuration: configuration)
        let closed = decide(change("Closed"), ticket: Samples.ticket(), vulnerability, configuration: configuration)

        #expect(wontFix.vulnerabilities.first?.to == .notAProblem)
        #expect(doneInOtherCase.vulnerabilities.first?.to == .fixed)
        #expect(closed.ticketOpen)
        #expect(closed.vulnerabilities.first?.to == nil)
        #expect(closed.vulnerabilities.first?.reason == "state Closed is not a closed state")
    }

    @Test("a state mapped to an open status counts as open")
    func mappingToOpenStatusIsOpen() {
        let twoWay = TwoWaySettings(enabled: true, statusMapping: ["Resolved": .confirmed, "Closed": .remediated])

        let decision = decide(
            change("Resolved"), ticket: Samples.ticket(), [LinkedVulnerability(id: "v1", status: .reported)],
            configuration: Samples.configuration(twoWay: twoWay))

        #expect(decision.ticketOpen)
        #expect(decision.changes.isEmpty)
    }

    @Test("a deleted work item counts as Removed and the Discussion says it was deleted")
    func deletedIsRemoved() throws {
        let decision = decide(
            change("Removed", cause: .deleted, by: jamal), ticket: Samples.ticket(),
            [LinkedVulnerability(id: "v1", status: .reported)])

        let only = try #require(decision.vulnerabilities.first)
        #expect(decision.ticketState == "Removed")
        #expect(!decision.ticketOpen)
        #expect(only.to == .notAProblem)
        #expect(only.comment.text.contains("#13"))
        #expect(only.comment.text.contains("was deleted"))
        #expect(only.comment.text.contains("state Active → Removed"))
        #expect(only.comment.text.hasSuffix("Status Reported → NotAProblem."))
    }

    @Test("a ticket moving from closed to open reopens its closed vulnerabilities with reopenStatus")
    func reopen() {
        let ticket = Samples.ticket(state: "Closed", open: false, vulnerabilityIds: ["v1", "v2", "v3"])
        let vulnerabilities = [
            LinkedVulnerability(id: "v1", status: .remediated),
            LinkedVulnerability(id: "v2", status: .fixed, otherTickets: [otherTicket(14, open: false)]),
            LinkedVulnerability(id: "v3", status: .confirmed),
        ]

        let decision = decide(change("Active"), ticket: ticket, vulnerabilities)

        #expect(decision.ticketOpen)
        #expect(decision.vulnerabilities.map(\.to) == [.reported, .reported, nil])
        #expect(decision.vulnerabilities[2].reason == "already open")
        #expect(decision.vulnerabilities[0].comment.text.contains("state Closed → Active"))
        #expect(decision.vulnerabilities[0].comment.text.hasSuffix("Status Remediated → Reported."))
        #expect(decision.vulnerabilities[2].comment.text.hasSuffix("Status stays Confirmed: already open."))
    }

    @Test("reopening honours a configured reopenStatus")
    func reopenWithCustomStatus() {
        let twoWay = TwoWaySettings(enabled: true, reopenStatus: .confirmed)

        let decision = decide(
            change("New"), ticket: Samples.ticket(state: "Resolved", open: false),
            [LinkedVulnerability(id: "v1", status: .remediated)], configuration: Samples.configuration(twoWay: twoWay))

        #expect(decision.vulnerabilities.first?.to == .confirmed)
    }

    @Test("a restored work item reopens what its deletion closed")
    func restoredReopens() throws {
        let ticket = Samples.ticket(state: "Removed", open: false)

        let decision = decide(
            change("Active", cause: .restored), ticket: ticket, [LinkedVulnerability(id: "v1", status: .notAProblem)])

        let only = try #require(decision.vulnerabilities.first)
        #expect(decision.ticketOpen)
        #expect(only.to == .reported)
        #expect(only.comment.text.contains("was restored: state Removed → Active"))
    }

    @Test("moving between open states changes no status and says why")
    func openToOpen() throws {
        let decision = decide(
            change("Active"), ticket: Samples.ticket(state: "New"), [LinkedVulnerability(id: "v1", status: .reported)])

        let only = try #require(decision.vulnerabilities.first)
        #expect(decision.stateChanged)
        #expect(decision.ticketState == "Active")
        #expect(only.to == nil)
        #expect(only.reason == "state Active is not a closed state")
        #expect(only.comment.text.hasSuffix(
            "state New → Active. Status stays Reported: state Active is not a closed state."))
    }

    @Test("moving between closed states keeps a status that already matches, and applies one that differs")
    func closedToClosed() {
        let ticket = Samples.ticket(state: "Resolved", open: false)
        let remediated = [LinkedVulnerability(id: "v1", status: .remediated)]

        let toClosed = decide(change("Closed"), ticket: ticket, remediated)
        let toRemoved = decide(change("Removed"), ticket: ticket, remediated)

        #expect(toClosed.vulnerabilities.first?.to == nil)
        #expect(toClosed.vulnerabilities.first?.reason == "already Remediated")
        #expect(toRemoved.vulnerabilities.first?.to == .notAProblem)
    }

    @Test("an event that leaves the recorded state as it is decides nothing and writes no comment")
    func sameStateIsNotAChange() throws {
        let decision = decide(
            change("closed"), ticket: Samples.ticket(state: "Closed", open: false),
            [LinkedVulnerability(id: "v1", status: .remediated)])

        #expect(!decision.stateChanged)
        #expect(decision.vulnerabilities.isEmpty)
        let reason = try #require(decision.ignoredReason)
        #expect(reason.contains("already recorded in state"))
    }

    @Test("a sync names itself in the Discussion")
    func synchronizedComment() throws {
        let decision = decide(
            change("Closed", cause: .synchronized), ticket: Samples.ticket(),
            [LinkedVulnerability(id: "v1", status: .reported)])

        let only = try #require(decision.vulnerabilities.first)
        #expect(only.comment.text.contains("was read by syncTickets: state Active → Closed."))
        #expect(only.to == .remediated)
    }
}
