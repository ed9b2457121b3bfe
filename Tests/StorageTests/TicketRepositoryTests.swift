import Domain
import Foundation
import Storage
import Testing

@Suite("Ticket repository")
struct TicketRepositoryTests {
    let fixture: StoreFixture
    var tickets: TicketRepository { fixture.store.tickets }

    init() throws {
        fixture = try StoreFixture()
        try fixture.store.configurations.create(sampleConfiguration(id: "cfg-1", name: "One"), personalAccessToken: "p")
        try fixture.store.configurations.create(sampleConfiguration(id: "cfg-2", name: "Two"), personalAccessToken: "p")
        try fixture.store.vulnerabilities.upsert(["v1", "v2", "v3"].map { sampleVulnerability(id: $0) })
    }

    @Test("a pending ticket records its marker and links, then becomes created with the work item")
    func pendingThenCreated() throws {
        let pending = try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v2", "v1"]), now: referenceDate)
        #expect(pending.lifecycle == .pending)
        #expect(pending.marker == "tracker-bridge:t1")
        #expect(pending.ticket == nil)
        #expect(try tickets.pending().map(\.id) == ["t1"])

        let created = try tickets.markCreated(
            "t1", workItemId: 42, url: "http://127.0.0.1/wi/42", state: "New", open: true, revision: 1,
            now: referenceDate
        )

        #expect(created.ticket == Ticket(
            id: "t1", configurationId: "cfg-1", workItemId: 42, url: "http://127.0.0.1/wi/42", project: "Web",
            workItemType: "Bug", state: "New", open: true, vulnerabilityIds: ["v2", "v1"], origin: .manual,
            createdAt: referenceDate, lastRevision: 1
        ))
        #expect(try tickets.pending().isEmpty)
        #expect(try tickets.find(workItemId: 42, in: "cfg-1")?.id == "t1")
        #expect(try tickets.find(workItemId: 42, in: "cfg-2") == nil)
    }

    @Test("a failed ticket keeps its reason and no longer counts as open")
    func failedTicket() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]))

        let failed = try tickets.markFailed("t1", reason: "TF401320: rule error")

        #expect(failed.lifecycle == .failed)
        #expect(failed.failureReason == "TF401320: rule error")
        #expect(try tickets.openTicket(for: "v1", in: "cfg-1") == nil)
        #expect(throws: StorageError.self) { try tickets.markFailed("t1", reason: "again") }
    }

    @Test("the open ticket of a vulnerability is found per configuration")
    func openTicketPerConfiguration() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1", "v2"]))
        try tickets.markCreated("t1", workItemId: 1, url: "u", state: "Active", open: true, revision: 1)

        #expect(try tickets.openTicket(for: "v2", in: "cfg-1")?.id == "t1")
        #expect(try tickets.openTicket(for: "v2", in: "cfg-2") == nil)
        #expect(try tickets.openTicket(for: "v3", in: "cfg-1") == nil)
    }

    @Test("tickets are listed by configuration, by vulnerability, and across configurations")
    func listings() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]), now: referenceDate)
        try tickets.insertPending(newTicket(id: "t2", configurationId: "cfg-2", vulnerabilityIds: ["v1", "v2"]),
                                  now: referenceDate.addingTimeInterval(1))
        try tickets.insertPending(newTicket(id: "t3", configurationId: "cfg-2", vulnerabilityIds: ["v3"]),
                                  now: referenceDate.addingTimeInterval(2))
        for (id, workItem) in [("t1", 1), ("t2", 2)] {
            try tickets.markCreated(id, workItemId: workItem, url: "u", state: "New", open: true, revision: 1)
        }

        #expect(try tickets.list(configurationId: "cfg-2").map(\.id) == ["t2"])
        #expect(try tickets.list(configurationId: "cfg-2", lifecycles: [.created, .pending]).map(\.id) == ["t2", "t3"])
        #expect(try tickets.list(vulnerabilityId: "v1").map(\.id) == ["t1", "t2"])
        #expect(try tickets.list(configurationId: "cfg-1", vulnerabilityId: "v2").isEmpty)
    }

    @Test("a state is applied only from a newer revision")
    func staleRevisionsIgnored() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]))
        try tickets.markCreated("t1", workItemId: 7, url: "u", state: "New", open: true, revision: 1)

        let closed = try tickets.applyState("Closed", open: false, revision: 5, to: "t1")
        let stale = try tickets.applyState("Active", open: true, revision: 4, to: "t1")
        let repeated = try tickets.applyState("Closed", open: false, revision: 5, to: "t1")

        #expect(closed?.state == "Closed")
        #expect(closed?.open == false)
        #expect(closed?.lastRevision == 5)
        #expect(stale == nil)
        #expect(repeated == nil)
        #expect(try tickets.get("t1")?.state == "Closed")
    }

    @Test("a deletion or restore at the same revision is applied once")
    func sameRevisionStateChange() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]))
        try tickets.markCreated("t1", workItemId: 7, url: "u", state: "Active", open: true, revision: 3)

        let removed = try tickets.applyState("Removed", open: false, revision: 3, to: "t1")
        let again = try tickets.applyState("Removed", open: false, revision: 3, to: "t1")
        let restored = try tickets.applyState("Active", open: true, revision: 3, to: "t1")

        #expect(removed?.state == "Removed")
        #expect(again == nil)
        #expect(restored?.state == "Active")
        #expect(restored?.open == true)
    }

    @Test("a forced state replaces a revision the tracker never reached")
    func forcedStateLowersRevision() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]))
        try tickets.markCreated("t1", workItemId: 7, url: "u", state: "New", open: true, revision: 1)
        _ = try tickets.applyState("Closed", open: false, revision: 2_000_000_000, to: "t1")

        let refused = try tickets.applyState("Active", open: true, revision: 4, to: "t1")
        let forced = try tickets.applyState("Active", open: true, revision: 4, to: "t1", force: true)
        let next = try tickets.applyState("Resolved", open: false, revision: 5, to: "t1")

        #expect(refused == nil)
        #expect(forced?.state == "Active")
        #expect(forced?.open == true)
        #expect(forced?.lastRevision == 4)
        #expect(next?.state == "Resolved")
        #expect(next?.lastRevision == 5)
    }

    @Test("a ticket for an unknown vulnerability or deleted configuration is refused whole")
    func invalidLinksRefused() throws {
        let error = try #require(throws: StorageError.self) {
            try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1", "missing"]))
        }
        #expect(error.kind == .notFound)
        #expect(try tickets.get("t1") == nil)

        try fixture.store.configurations.delete("cfg-2")
        #expect(throws: StorageError.self) {
            try tickets.insertPending(newTicket(id: "t2", configurationId: "cfg-2", vulnerabilityIds: ["v1"]))
        }
    }

    @Test("a second ticket with the same marker is ALREADY_EXISTS")
    func duplicateMarker() throws {
        try tickets.insertPending(newTicket(id: "t1", vulnerabilityIds: ["v1"]))
        var duplicate = newTicket(id: "t2", vulnerabilityIds: ["v2"])
        duplicate.marker = "tracker-bridge:t1"

        let error = try #require(throws: StorageError.self) { try tickets.insertPending(duplicate) }

        #expect(error.kind == .alreadyExists)
    }
}
