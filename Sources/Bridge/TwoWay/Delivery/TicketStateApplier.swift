import Domain
import Foundation
import Logging
import Storage

/// Applies a work item's new state to its ticket and the ticket's vulnerabilities (SPEC §7): records the
/// state, moves statuses as `StatusRules` decide, and writes one Discussion comment per vulnerability.
///
/// Call it inside `store.database.write`, after `DeliveryFreshness` said the change is fresh: everything it
/// writes then commits, or rolls back, with the delivery record. Webhooks and `syncTickets` share it.
struct TicketStateApplier {
    let store: Store
    let logger: Logger

    /// - Parameter onlyIfRecorded: when storage already holds this state at this revision (a change seen
    ///   before), change nothing. `syncTickets` needs this, or every sync would repeat the same change and
    ///   comments; a delivery is recorded by its notification id and so applies once either way.
    /// - Parameter replacingRevision: record the change's revision even though the ticket holds a newer one;
    ///   for `syncTickets` when the tracker's current revision proves the stored one impossible.
    func apply(
        _ change: WorkItemChange, to ticket: Ticket, configuration: Configuration, at now: Date,
        onlyIfRecorded: Bool = false, replacingRevision: Bool = false
    ) throws -> TicketStateApplication {
        let vulnerabilities = try ticket.vulnerabilityIds.compactMap { try linkedVulnerability($0, of: ticket) }
        let decision = StatusRules.decide(
            change: change, ticket: ticket, configuration: configuration, vulnerabilities: vulnerabilities, at: now
        )

        let stored = try store.tickets.applyState(
            decision.ticketState, open: decision.ticketOpen, revision: change.revision, to: ticket.id, now: now,
            force: replacingRevision
        )
        guard decision.stateChanged else {
            return TicketStateApplication(
                ticket: stored?.ticket ?? ticket, stateChanged: false, previousState: ticket.state, changes: [],
                reason: decision.ignoredReason
            )
        }
        if stored == nil {
            logger.debug("ticket state already recorded at this revision", [
                "ticket.id": ticket.id, "workitem.id": change.workItemId, "workitem.rev": change.revision,
                "ticket.state": ticket.state, "workitem.state": change.newState,
            ])
            if onlyIfRecorded {
                return TicketStateApplication(
                    ticket: ticket, stateChanged: false, previousState: ticket.state, changes: [],
                    reason: "the ticket's state is already recorded at this revision"
                )
            }
        }

        var changes: [VulnerabilityStatusChange] = []
        for vulnerability in decision.vulnerabilities {
            if let to = vulnerability.to {
                try store.vulnerabilities.setStatus(to, of: vulnerability.vulnerabilityId, now: now)
                changes.append(VulnerabilityStatusChange(
                    vulnerabilityId: vulnerability.vulnerabilityId, from: vulnerability.from, to: to
                ))
            }
            try store.discussion.append(vulnerability.comment, to: vulnerability.vulnerabilityId)
        }
        return TicketStateApplication(
            ticket: stored?.ticket ?? ticket, stateChanged: true, previousState: ticket.state, changes: changes,
            reason: nil
        )
    }

    /// A vulnerability of the ticket with its status and its other tickets that still count: created or
    /// being created, in a configuration that still exists (a deleted configuration's tickets can never be
    /// closed through the service, so they do not hold a vulnerability open).
    private func linkedVulnerability(_ id: String, of ticket: Ticket) throws -> LinkedVulnerability? {
        guard let vulnerability = try store.vulnerabilities.get(id) else { return nil }

        var others: [LinkedTicketState] = []
        var liveConfigurations: [String: Bool] = [:]
        for other in try store.tickets.list(vulnerabilityId: id, lifecycles: [.created, .pending])
        where other.id != ticket.id {
            if liveConfigurations[other.configurationId] == nil {
                liveConfigurations[other.configurationId] = try store.configurations.get(other.configurationId) != nil
            }
            guard liveConfigurations[other.configurationId] == true else { continue }
            others.append(LinkedTicketState(
                ticketId: other.id, configurationId: other.configurationId, workItemId: other.workItemId ?? 0,
                open: other.open
            ))
        }
        return LinkedVulnerability(id: vulnerability.id, status: vulnerability.status, otherTickets: others)
    }
}
