import Foundation
import JSON
import TestSupport
import Testing

/// Deliveries that carry the right token but a revision the tracker never issued, handed over through
/// `handleWebhook`: absurd ones are refused, and `syncTickets` undoes the damage of the others.
@Suite("Two-way integration against forged revisions", .serialized)
struct ForgedRevisionTests {
    /// A bench whose service hooks deliver nowhere, one configuration and one ticket for `vulnerabilityId`.
    static func bench(_ vulnerabilityId: String) throws -> (TwoWayBench, (id: String, url: String), JSONValue) {
        let bench = try TwoWayBench(listen: false)
        let configuration = try bench.configure()
        try bench.report([vulnerabilityId])
        let ticket = try bench.createTicket(configuration.id, [vulnerabilityId])
        let nowhere = "http://127.0.0.1:\(try LoopbackPort.free())/nowhere"
        try bench.subscribe(url: nowhere)
        return (bench, configuration, ticket)
    }

    /// `payload` claiming `revision`, as a notification the service has not seen.
    static func forge(_ payload: JSONValue, revision: Int, notificationId: Int) throws -> JSONValue {
        var forged = try #require(payload.objectValue)
        var resource = try #require(forged["resource"]?.objectValue)
        resource["rev"] = .number(JSONNumber(revision))
        if var snapshot = resource["revision"]?.objectValue {
            snapshot["rev"] = .number(JSONNumber(revision))
            resource["revision"] = .object(snapshot)
        }
        forged["resource"] = .object(resource)
        forged["notificationId"] = .number(JSONNumber(notificationId))
        return .object(forged)
    }

    @Test("a revision beyond any work item's is INVALID_ARGUMENT naming payload.resource.rev")
    func absurdRevisionRefused() throws {
        let (bench, configuration, ticket) = try Self.bench("f-1")
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        try bench.tracker.admin.setState(of: workItemId, to: "Closed")
        let closed = try bench.newestPayload("workitem.updated", workItemId: workItemId)

        let forged = try Self.forge(closed, revision: 9_007_199_254_740_997, notificationId: 9_001)
        let refused = try bench.handOver(forged, to: configuration).requireError()

        #expect(refused.status == "INVALID_ARGUMENT")
        #expect(refused.violatedFields == ["payload.resource.rev"])
        #expect(try bench.status("f-1") == "Reported")
        let genuine = try bench.handOver(closed, to: configuration).requireResult()
        #expect(genuine["outcome"] == "applied")
        #expect(try bench.status("f-1") == "Remediated")
    }

    @Test("syncTickets replaces a revision the tracker never reached, and later deliveries apply again")
    func syncRepairsForgedRevision() throws {
        let (bench, configuration, ticket) = try Self.bench("f-2")
        let workItemId = try #require(ticket["workItemId"]?.intValue)
        let ticketId = try #require(ticket["id"]?.stringValue)
        try bench.tracker.admin.setState(of: workItemId, to: "Closed")
        let closed = try bench.newestPayload("workitem.updated", workItemId: workItemId)

        let forged = try Self.forge(closed, revision: 2_000_000_000, notificationId: 9_002)
        #expect(try bench.handOver(forged, to: configuration).requireResult()["outcome"] == "applied")
        try bench.tracker.admin.setState(of: workItemId, to: "Active")
        let active = try bench.newestPayload("workitem.updated", workItemId: workItemId)
        let trackerRevision = try #require(active["resource"]?["rev"]?.intValue)
        #expect(try bench.handOver(active, to: configuration).requireResult()["outcome"] == "stale")
        #expect(try bench.status("f-2") == "Remediated")

        let sync = try bench.client.call("syncTickets", ["configurationId": .string(configuration.id)])
            .requireResult()
        let changed = try #require(sync["changed"]?.arrayValue)
        #expect(changed.count == 1)
        #expect(changed.first?["to"] == "Active")
        #expect(try bench.status("f-2") == "Reported")
        let repaired = try bench.ticket(ticketId)
        #expect(repaired?["state"] == "Active")
        #expect(repaired?["lastRevision"]?.intValue == trackerRevision)
        #expect(bench.server.logLines(containing: "ticket revision ahead of the tracker").count == 1)

        try bench.tracker.admin.setState(of: workItemId, to: "Closed")
        let closedAgain = try bench.newestPayload("workitem.updated", workItemId: workItemId)
        #expect(try bench.handOver(closedAgain, to: configuration).requireResult()["outcome"] == "applied")
        #expect(try bench.status("f-2") == "Remediated")
    }
}
