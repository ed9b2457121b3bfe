import Foundation

/// The two-way status rules (SPEC §7): how a work item's new state moves the status of the vulnerabilities
/// its ticket carries.
///
/// - A ticket moving to a closed state: each linked vulnerability whose tickets, in every configuration, are
///   now all closed takes the state's mapped status; one with a ticket still open keeps its status.
/// - A ticket moving from closed to open: each linked vulnerability in a closed status takes `reopenStatus`.
/// - Every change writes a Discussion comment on each linked vulnerability, saying what changed or why not.
///
/// A bulk ticket moves all its vulnerabilities alike. The rules are pure: the caller checks freshness first
/// (`DeliveryFreshness`) and applies the decision.
public enum StatusRules {
    /// The author of the Discussion comments the service writes.
    public static let commentAuthor = "tracker-bridge"

    /// - Parameters:
    ///   - change: the work item's new state, from a fresh delivery or a sync.
    ///   - ticket: the ticket as recorded before the change (its state, whether it was open, its link).
    ///   - configuration: the ticket's configuration: its name and two-way settings.
    ///   - vulnerabilities: the ticket's vulnerabilities with their statuses and other tickets.
    ///   - at: the time the comments carry.
    public static func decide(
        change: WorkItemChange, ticket: Ticket, configuration: Configuration,
        vulnerabilities: [LinkedVulnerability], at: Date
    ) -> StatusDecision {
        let settings = configuration.twoWay
        let closedStatus = closedStatus(forState: change.newState, in: settings)
        let nowOpen = closedStatus == nil

        guard !sameState(ticket.state, change.newState) || ticket.open != nowOpen else {
            return StatusDecision(
                ticketState: change.newState, ticketOpen: nowOpen, stateChanged: false,
                ignoredReason: "work item \(change.workItemId) is already recorded in state \(change.newState)",
                vulnerabilities: [])
        }

        let header = DiscussionText.header(change: change, ticket: ticket, configurationName: configuration.name)
        let decisions = vulnerabilities.map { vulnerability in
            let (to, reason) = newStatus(
                of: vulnerability, ticket: ticket, change: change, closedStatus: closedStatus,
                reopenStatus: settings.reopenStatus)
            let text = header + " " + DiscussionText.outcome(from: vulnerability.status, to: to, reason: reason)
            return VulnerabilityStatusDecision(
                vulnerabilityId: vulnerability.id, from: vulnerability.status, to: to, reason: reason,
                comment: DiscussionComment(at: at, author: commentAuthor, text: text))
        }

        return StatusDecision(
            ticketState: change.newState, ticketOpen: nowOpen, stateChanged: true, ignoredReason: nil,
            vulnerabilities: decisions)
    }

    /// The new status of one vulnerability, or nil and the reason it stays.
    static func newStatus(
        of vulnerability: LinkedVulnerability, ticket: Ticket, change: WorkItemChange,
        closedStatus: VulnerabilityStatus?, reopenStatus: VulnerabilityStatus
    ) -> (to: VulnerabilityStatus?, reason: String?) {
        if let closedStatus {
            let others = vulnerability.otherTickets.filter { $0.ticketId != ticket.id }
            let stillOpen = others.filter(\.open)
            if !stillOpen.isEmpty {
                let workItems = stillOpen.map { "#\($0.workItemId)" }.joined(separator: ", ")
                let noun = others.count + 1 == 1 ? "work item" : "work items"
                return (nil, "\(stillOpen.count) of \(others.count + 1) linked \(noun) still open (\(workItems))")
            }
            if vulnerability.status == closedStatus {
                return (nil, "already \(closedStatus.rawValue)")
            }
            return (closedStatus, nil)
        }

        guard !ticket.open else {
            return (nil, "state \(change.newState) is not a closed state")
        }
        guard vulnerability.status.isClosed else {
            return (nil, "already open")
        }
        if vulnerability.status == reopenStatus {
            return (nil, "already \(reopenStatus.rawValue)")
        }
        return (reopenStatus, nil)
    }

    /// The closed status a tracker state maps to, or nil when the state counts as open. The mapping's own
    /// spelling wins; otherwise states compare without regard to case, as the tracker's do.
    public static func closedStatus(forState state: String, in settings: TwoWaySettings) -> VulnerabilityStatus? {
        if let exact = settings.closedStatus(forState: state) {
            return exact
        }
        let match = settings.statusMapping.first { sameState($0.key, state) && $0.value.isClosed }
        return match?.value
    }

    /// Whether two state names are the same state; the tracker treats them without regard to case.
    public static func sameState(_ lhs: String, _ rhs: String) -> Bool {
        lhs.caseInsensitiveCompare(rhs) == .orderedSame
    }
}
