import Domain
import Foundation
import JSONRPC
import Logging
import Storage
import Tracker

/// `syncTickets` (SPEC §5, §7): reads the current state of every work item a configuration's tickets link
/// to and applies the status rules as if the missed deliveries had arrived.
///
/// Work items are read 200 at a time; each ticket's change is applied in its own transaction, re-reading
/// the ticket first, so a webhook handled while the tracker was answering is not undone. A work item the
/// tracker no longer has counts as deleted (state `Removed`); one that came back from the recycle bin is
/// restored. Runs on the loop.
struct TicketSynchronizer {
    let environment: BridgeEnvironment
    private let logger = Logger(label: "twoway")

    init(environment: BridgeEnvironment) {
        self.environment = environment
    }

    /// - Parameter progress: told the number of tickets checked so far and the total.
    /// - Throws: NOT_FOUND (unknown or deleted configuration), FAILED_PRECONDITION (two-way disabled),
    ///   `TrackerError`, `StorageError`, `CancellationError`.
    func synchronize(
        configurationId: String, progress: (_ checked: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> TicketSyncResult {
        let started = environment.loop.nowMilliseconds
        let configuration = try twoWayConfiguration(configurationId)
        let tickets = try environment.store.tickets.list(configurationId: configurationId, lifecycles: [.created])
            .compactMap(\.ticket)
        let reader = WorkItemStateReader(client: try environment.trackers.client(for: configuration))

        var result = TicketSyncResult(checked: 0, changed: [])
        progress(0, tickets.count)
        var start = 0
        while start < tickets.count {
            try Task.checkCancellation()
            let batch = Array(tickets[start..<min(start + AzureDevOpsClient.workItemBatchSize, tickets.count)])
            let readout = try await reader.read(batch.map(\.workItemId))
            // The configuration may have changed or gone while the tracker answered.
            let current = try twoWayConfiguration(configurationId)
            for ticket in batch {
                if let change = try synchronize(ticket.id, with: readout, configuration: current) {
                    result.changed.append(change)
                }
            }
            result.checked += batch.count
            start += batch.count
            progress(result.checked, tickets.count)
        }

        logger.info("tickets synchronised", [
            "config.id": configurationId, "tickets.checked": result.checked, "tickets.changed": result.changed.count,
            "duration.ms": environment.loop.nowMilliseconds &- started,
        ])
        return result
    }

    /// Applies what the tracker reports for one ticket, if it is news; returns the change.
    private func synchronize(
        _ ticketId: String, with readout: WorkItemReadout, configuration: Configuration
    ) throws -> TicketStateChange? {
        let store = environment.store
        return try store.database.write("synchronising a ticket") {
            guard let ticket = try store.tickets.get(ticketId)?.ticket,
                  let change = Self.change(of: ticket, readout: readout)
            else { return nil }
            let impossible = Self.revisionIsImpossible(ticket, readout: readout)
            let freshness = DeliveryFreshness.classify(change, alreadyApplied: false, lastRevision: ticket.lastRevision)
            guard impossible || freshness == .fresh else { return nil }

            if impossible {
                logger.warning("ticket revision ahead of the tracker replaced by the tracker's", [
                    "config.id": configuration.id, "ticket.id": ticket.id, "workitem.id": ticket.workItemId,
                    "ticket.rev": ticket.lastRevision, "workitem.rev": change.revision,
                ])
            }
            let applier = TicketStateApplier(store: store, logger: logger)
            let application = try applier.apply(
                change, to: ticket, configuration: configuration, at: environment.now(), onlyIfRecorded: true,
                replacingRevision: impossible
            )
            guard application.stateChanged else { return nil }
            return TicketStateChange(
                ticketId: ticket.id, workItemId: ticket.workItemId, from: application.previousState,
                to: change.newState, vulnerabilityChanges: application.changes
            )
        }
    }

    /// The change the tracker's current view means for a ticket, or nil when there is nothing new.
    ///
    /// Deleting and restoring add no revision, so a work item at the ticket's revision in another state
    /// came back from the recycle bin, and one the tracker no longer has was deleted.
    static func change(of ticket: Ticket, readout: WorkItemReadout) -> WorkItemChange? {
        if readout.missing.contains(ticket.workItemId) {
            guard !StatusRules.sameState(ticket.state, WorkItemChange.deletedState) else { return nil }
            return WorkItemChange(
                cause: .deleted, workItemId: ticket.workItemId, revision: ticket.lastRevision,
                newState: WorkItemChange.deletedState, oldState: ticket.state
            )
        }
        guard let item = readout.items[ticket.workItemId], let state = item.state, !state.isEmpty else {
            return nil
        }

        let cause: WorkItemChange.Cause
        if item.rev > ticket.lastRevision || revisionIsImpossible(ticket, readout: readout) {
            cause = .synchronized
        } else if item.rev == ticket.lastRevision && !StatusRules.sameState(state, ticket.state) {
            cause = .restored
        } else {
            return nil
        }
        return WorkItemChange(
            cause: cause, workItemId: item.id, revision: item.rev, newState: state, oldState: ticket.state,
            changedBy: item.changedBy.map {
                Domain.TrackerIdentity(displayName: $0.displayName, uniqueName: $0.uniqueName, id: $0.id)
            },
            title: item.title
        )
    }

    /// Whether the ticket holds a revision newer than the work item's current one. Revisions only grow, so
    /// such a revision never came from the tracker: a delivery invented it, and the tracker's view wins.
    static func revisionIsImpossible(_ ticket: Ticket, readout: WorkItemReadout) -> Bool {
        guard let item = readout.items[ticket.workItemId] else { return false }
        return item.rev < ticket.lastRevision
    }

    /// The live configuration, with two-way integration enabled.
    private func twoWayConfiguration(_ id: String) throws -> Configuration {
        switch try environment.store.configurations.lookup(id) {
        case .live(let configuration):
            guard configuration.twoWay.enabled else {
                throw RPCError.failedPrecondition(
                    "two-way integration is disabled for configuration \(id): enable it with configure "
                        + "(twoWay.enabled = true) before synchronising its tickets"
                )
            }
            return configuration
        case .deleted(let name, _):
            throw RPCError.notFound(
                "configuration \(id) (\"\(name)\") was deleted: its tickets are no longer synchronised"
            )
        case .unknown:
            throw RPCError.notFound("no configuration with id \(id): listConfigurations shows the ids")
        }
    }
}
