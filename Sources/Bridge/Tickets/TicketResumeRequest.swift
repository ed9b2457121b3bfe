import Domain
import Foundation
import JSON
import Storage

/// What a pending ticket needs beyond its stored row to be created again after a crash: the overrides of
/// the call that asked for it. Kept as the payload of the ticket's resume job, written in the same
/// transaction as the pending ticket.
struct TicketResumeRequest: Codable, Equatable {
    /// The job kind that settles a pending ticket left behind by a crash, a lost reply or a stopped call.
    static let jobKind = "ticket.resume"
    /// Attempts of a resume job before it gives up: about a week of a tracker outage at the queue's backoff,
    /// which grows to 15 minutes. A pending ticket cannot be failed safely (its work item may exist), and one
    /// whose job gave up would wait for a restart or another call naming its vulnerabilities.
    static let maxAttempts = 700

    var ticketId: String
    var bulk: Bool
    var assignee: String?
    var title: String?

    init(ticketId: String, bulk: Bool, assignee: String?, title: String?) {
        self.ticketId = ticketId
        self.bulk = bulk
        self.assignee = assignee
        self.title = title
    }

    init(ticketId: String, request: TicketRequest) {
        self.init(
            ticketId: ticketId, bulk: request.bulk, assignee: request.overrides.assignee,
            title: request.overrides.bulkTitle
        )
    }

    /// The job's unique key: one resume job per ticket.
    static func uniqueKey(ticketId: String) -> String {
        "\(jobKind):\(ticketId)"
    }

    var payload: String {
        get throws { JSONWriter.string(try JSONValue(encoding: self)) }
    }

    init(payload: String) throws {
        self = try JSONParser.parse(payload).decode(TicketResumeRequest.self)
    }

    /// The request that recreates the pending ticket's work item as first asked.
    func request(for ticket: StoredTicket, configuration: Configuration, vulnerabilities: [Vulnerability])
        -> TicketRequest
    {
        TicketRequest(
            configuration: configuration, vulnerabilities: vulnerabilities,
            bulk: bulk || vulnerabilities.count > 1,
            overrides: TicketOverrides(
                project: ticket.project, workItemType: ticket.workItemType, assignee: assignee, bulkTitle: title
            ),
            origin: ticket.origin
        )
    }
}
