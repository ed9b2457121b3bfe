import Foundation
import JSON
import Testing
import TestSupport

/// Calls that ask for tickets of the same vulnerabilities at the same time, on different connections, while
/// the tracker is slow: one work item per vulnerability, and every caller is told about the same ticket.
@Suite("createTickets: concurrent calls")
struct ConcurrentTicketTests {
    @Test("two concurrent calls for the same vulnerabilities create one work item each and name the same tickets")
    func sameVulnerabilitiesTwice() throws {
        let bench = try TicketBench(simulatorArguments: ["--latency-ms", "300"])
        try bench.report([TicketBench.vulnerability("v-1"), TicketBench.vulnerability("v-2")])
        let params: JSONObject = ["configurationId": .string(bench.configurationId), "vulnerabilityIds": ["v-1", "v-2"]]
        let other = try bench.server.connect()

        let firstID = try bench.client.send("createTickets", params)
        let secondID = try other.send("createTickets", params)
        let first = try bench.client.reply(to: firstID).requireResult()
        let second = try other.reply(to: secondID).requireResult()

        #expect(first["failures"] == [])
        #expect(second["failures"] == [])
        let firstTickets = try #require(first["tickets"]?.arrayValue)
        #expect(firstTickets.count == 2)
        #expect(firstTickets.map { $0["id"] } == second["tickets"]?.arrayValue?.map { $0["id"] })
        let items = try bench.workItems()
        #expect(items.count == 2, "one work item per vulnerability")
        let linked = Set(firstTickets.compactMap { $0["workItemId"]?.intValue })
        #expect(linked == Set(items.compactMap { $0["id"]?.intValue }))
        #expect(try bench.tickets(of: "v-1").count == 1)
        #expect(try bench.tickets(of: "v-2").count == 1)
    }

    @Test("overlapping single and bulk calls at once leave every vulnerability with exactly one ticket")
    func overlappingSingleAndBulk() throws {
        let bench = try TicketBench(simulatorArguments: ["--latency-ms", "300"])
        let ids = ["v-1", "v-2", "v-3"]
        try bench.report(ids.map { TicketBench.vulnerability($0) })
        let asked: [(ids: [String], bulk: Bool)] = [
            (["v-1", "v-2"], false), (["v-1", "v-2"], false), (["v-2", "v-3"], true),
        ]
        var clients = [bench.client]
        for _ in asked.dropFirst() { clients.append(try bench.server.connect()) }

        var sent: [JSONValue] = []
        for (client, call) in zip(clients, asked) {
            sent.append(try client.send("createTickets", [
                "configurationId": .string(bench.configurationId),
                "vulnerabilityIds": .array(call.ids.map { .string($0) }), "bulk": .bool(call.bulk),
            ]))
        }
        var replies: [JSONValue] = []
        for (client, id) in zip(clients, sent) { replies.append(try client.reply(to: id).requireResult()) }

        let stored = try bench.tickets()
        var ticketOf: [String: JSONValue] = [:]
        for vulnerability in ids {
            let tickets = try bench.tickets(of: vulnerability)
            #expect(tickets.count == 1, "\(vulnerability) has exactly one ticket")
            ticketOf[vulnerability] = tickets.first?["id"]
        }
        for (reply, call) in zip(replies, asked) {
            #expect(reply["failures"] == [])
            for ticket in reply["tickets"]?.arrayValue ?? [] {
                for vulnerability in ticket["vulnerabilityIds"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    #expect(ticket["id"] == ticketOf[vulnerability], "every caller names the same ticket")
                }
            }
            let covered = Set((reply["tickets"]?.arrayValue ?? []).flatMap {
                $0["vulnerabilityIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
            })
            #expect(covered.isSuperset(of: call.ids), "each reply covers what it asked for")
        }
        let items = try bench.workItems()
        #expect(items.count == stored.count, "one work item per ticket")
        #expect(Set(stored.compactMap { $0["workItemId"]?.intValue }) == Set(items.compactMap { $0["id"]?.intValue }))
    }
}
