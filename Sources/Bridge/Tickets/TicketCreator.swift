import Domain
import EventLoop
import Foundation
import JSONRPC
import Logging
import Storage
import Tracker

/// Creates work items exactly once (SPEC §6).
///
/// Every ticket is recorded as pending, together with a resume job that remembers how it was asked for,
/// before the tracker is called; the work item carries the ticket's marker tag. When the tracker's answer
/// is lost (a crash, a dropped connection, a 5xx after the work item may have been stored), a WIQL query for
/// the marker finds the work item and the ticket adopts it instead of creating a second one.
///
/// Loop-confined. Within the process one ticket is worked on by one task at a time: a second caller (a
/// retried call, an automatic job, the resume job) waits for the same outcome.
final class TicketCreator {
    /// How long a pending ticket is left to the call that recorded it before its resume job takes over.
    static let resumeDelay: TimeInterval = 120

    let environment: BridgeEnvironment
    let types: WorkItemTypeCatalog
    private let logger = Logger(label: "tickets")
    private var inFlight: [String: Task<TicketOutcome, Never>] = [:]
    /// Work items created but not yet recorded, waiting for the next batched commit.
    private var unrecorded: [(creation: CreatedWorkItem, continuation: CheckedContinuation<TicketOutcome, Never>)]
        = []

    init(environment: BridgeEnvironment) {
        self.environment = environment
        types = WorkItemTypeCatalog(loop: environment.loop)
    }

    private var store: Store { environment.store }

    /// The task of this process working on the ticket now, if any: a caller finding the ticket pending awaits
    /// it instead of settling the ticket a second time.
    func running(_ ticketId: String) -> Task<TicketOutcome, Never>? {
        inFlight[ticketId]
    }

    // MARK: - Recording

    /// Records one pending ticket per request, each with its resume job, in one transaction.
    /// - Parameter target: the project and the type as the tracker names it.
    func recordPending(_ requests: [TicketRequest], project: String, workItemType: String) throws -> [StoredTicket] {
        let now = environment.now()
        return try store.database.write("recording pending tickets") {
            try requests.map { request in
                let id = UUID().uuidString.lowercased()
                let ticket = try store.tickets.insertPending(NewTicket(
                    id: id, configurationId: request.configuration.id,
                    vulnerabilityIds: request.vulnerabilities.map(\.id), project: project,
                    workItemType: workItemType, origin: request.origin, marker: TicketMarker(ticketId: id).tag
                ), now: now)
                try store.jobs.enqueue(
                    kind: TicketResumeRequest.jobKind,
                    payload: try TicketResumeRequest(ticketId: id, request: request).payload,
                    uniqueKey: TicketResumeRequest.uniqueKey(ticketId: id),
                    runAt: now.addingTimeInterval(Self.resumeDelay), maxAttempts: TicketResumeRequest.maxAttempts,
                    now: now
                )
                return ticket
            }
        }
    }

    // MARK: - Settling

    /// Gives a pending ticket its work item, or joins the task already doing so.
    ///
    /// The work runs in a task of its own, so cancelling the caller (a cancelled call, a closed connection)
    /// never abandons a create the tracker may already have received.
    /// - Parameter searchFirst: look for the marker before creating: true for a ticket left pending earlier.
    func settle(_ ticket: StoredTicket, request: TicketRequest, searchFirst: Bool) async -> TicketOutcome {
        await begin(ticket, request: request, searchFirst: searchFirst).value
    }

    /// Starts giving a pending ticket its work item, or returns the task already doing so.
    ///
    /// Synchronous: a caller that has just recorded the ticket claims it before any other task on the loop
    /// can find it pending, so every later caller joins this task.
    @discardableResult
    func begin(_ ticket: StoredTicket, request: TicketRequest, searchFirst: Bool) -> Task<TicketOutcome, Never> {
        if let running = inFlight[ticket.id] {
            return running
        }
        let task = Task(executorPreference: environment.loop) { [self] in
            let outcome = await drive(ticket, request: request, searchFirst: searchFirst)
            inFlight[ticket.id] = nil
            return outcome
        }
        inFlight[ticket.id] = task
        return task
    }

    private func drive(_ ticket: StoredTicket, request: TicketRequest, searchFirst: Bool) async -> TicketOutcome {
        let started = environment.loop.nowMilliseconds
        let client: AzureDevOpsClient
        do {
            client = try environment.trackers.client(for: request.configuration)
        } catch {
            return fail(ticket, error)
        }

        if searchFirst, let found = await adoptMarkedWorkItem(of: ticket, request: request, client: client) {
            return found
        }

        do {
            let type = try await types.resolve(
                ticket.workItemType, in: ticket.project, configurationId: ticket.configurationId, client: client
            )
            var overrides = request.overrides
            overrides.project = ticket.project
            overrides.workItemType = type.name
            let draft = try WorkItemDraft(
                configuration: request.configuration, scope: request.scope, overrides: overrides,
                typeFields: type.fields, marker: TicketMarker(ticketId: ticket.id)
            )
            let item = try await client.createWorkItem(
                project: draft.target.project, type: draft.target.workItemType, operations: draft.operations
            )
            let outcome = await record(item, for: ticket, configuration: request.configuration)
            guard case .created = outcome else { return outcome }
            logger.info("ticket created", [
                "ticket.id": ticket.id, "configuration.id": ticket.configurationId, "workitem.id": item.id,
                "ticket.origin": ticket.origin.rawValue, "vulnerabilities": ticket.vulnerabilityIds.count,
                "duration.ms": environment.loop.nowMilliseconds &- started,
            ])
            return outcome
        } catch {
            guard Self.mayHaveCreated(error) else { return fail(ticket, error) }
            // The tracker may have stored the work item although its answer did not arrive.
            if let found = await adoptMarkedWorkItem(of: ticket, request: request, client: client) {
                return found
            }
            return fail(ticket, error)
        }
    }

    /// Looks for the work item carrying the ticket's marker and adopts it.
    /// - Returns: nil when none exists (the caller may create it); `.unresolved` when the tracker cannot be
    ///   asked, since creating then could make a second work item.
    private func adoptMarkedWorkItem(
        of ticket: StoredTicket, request: TicketRequest, client: AzureDevOpsClient
    ) async -> TicketOutcome? {
        do {
            let ids = try await client.queryByTag(project: ticket.project, tag: ticket.marker)
            guard let lowest = ids.min() else { return nil }
            if ids.count > 1 {
                logger.warning("several work items carry one ticket's marker; adopting the lowest id", [
                    "ticket.id": ticket.id, "configuration.id": ticket.configurationId, "workitem.id": lowest,
                    "workitem.ids": ids.sorted().map(String.init).joined(separator: ","),
                ])
            }
            guard let item = try await client.workItems(ids: [lowest]).first else { return nil }
            let outcome = await record(item, for: ticket, configuration: request.configuration)
            guard case .created = outcome else { return outcome }
            logger.notice("ticket adopted its work item found by marker", [
                "ticket.id": ticket.id, "configuration.id": ticket.configurationId, "workitem.id": item.id,
            ])
            return outcome
        } catch {
            let rpcError = Self.rpcError(for: error)
            logger.notice("pending ticket left unresolved: the tracker cannot be searched for its marker", [
                "ticket.id": ticket.id, "configuration.id": ticket.configurationId, "status": rpcError.status.name,
            ])
            return .unresolved(rpcError)
        }
    }

    /// Records that the ticket's work item exists. Work items that arrive in the same loop iteration are
    /// recorded in one transaction: a commit waits for the disk, and a thousand of them in a row would
    /// hold the loop for seconds. Until the commit the ticket stays pending, which the marker makes safe.
    private func record(
        _ item: WorkItem, for ticket: StoredTicket, configuration: Configuration
    ) async -> TicketOutcome {
        let state = item.state ?? ""
        let creation = CreatedWorkItem(
            ticketId: ticket.id, workItemId: item.id,
            url: item.webURL ?? Self.webURL(host: configuration.host, project: ticket.project, workItemId: item.id),
            state: state, open: configuration.twoWay.closedStatus(forState: state) == nil, revision: item.rev
        )
        return await withCheckedContinuation { continuation in
            unrecorded.append((creation, continuation))
            if unrecorded.count == 1 {
                environment.loop.executeOnLoop { [self] in recordCreatedWorkItems() }
            }
        }
    }

    private func recordCreatedWorkItems() {
        let batch = unrecorded
        unrecorded = []
        let now = environment.now()
        do {
            let stored = try store.database.write("recording created tickets") {
                try batch.map { try markCreated($0.creation, now: now) }
            }
            for (index, entry) in batch.enumerated() {
                entry.continuation.resume(returning: .created(stored[index]))
            }
        } catch {
            // One at a time, so one ticket that cannot be recorded does not hold back the others.
            for entry in batch {
                do {
                    entry.continuation.resume(returning: .created(try markCreated(entry.creation, now: now)))
                } catch {
                    // The work item exists; the resume job adopts it by its marker once storage works again.
                    logger.error("work item created but not recorded; its resume job will adopt it", [
                        "ticket.id": entry.creation.ticketId, "workitem.id": entry.creation.workItemId,
                        "error": "\(error)",
                    ])
                    entry.continuation.resume(returning: .unresolved(Self.rpcError(for: error)))
                }
            }
        }
    }

    /// Records the ticket as created, and retires its resume job: nothing is left for it to do.
    private func markCreated(_ creation: CreatedWorkItem, now: Date) throws -> StoredTicket {
        try store.database.write("recording a created ticket") {
            let ticket = try store.tickets.markCreated(
                creation.ticketId, workItemId: creation.workItemId, url: creation.url, state: creation.state,
                open: creation.open, revision: creation.revision, now: now
            )
            try store.jobs.complete(uniqueKey: TicketResumeRequest.uniqueKey(ticketId: creation.ticketId), now: now)
            return ticket
        }
    }

    private func fail(_ ticket: StoredTicket, _ error: Error) -> TicketOutcome {
        let rpcError = Self.rpcError(for: error)
        if rpcError.status == .cancelled {
            return .unresolved(rpcError)
        }
        do {
            let now = environment.now()
            try store.database.write("recording a failed ticket") {
                try store.tickets.markFailed(ticket.id, reason: Self.reason(rpcError), now: now)
                try store.jobs.complete(uniqueKey: TicketResumeRequest.uniqueKey(ticketId: ticket.id), now: now)
            }
        } catch {
            logger.error("cannot record a failed ticket; its resume job will try again", [
                "ticket.id": ticket.id, "error": "\(error)",
            ])
            return .unresolved(rpcError)
        }
        logger.notice("ticket failed", [
            "ticket.id": ticket.id, "configuration.id": ticket.configurationId, "status": rpcError.status.name,
            "tracker.status": rpcError.upstream?.httpStatus.map(String.init) ?? "none",
        ])
        return .failed(rpcError)
    }

    // MARK: - Classification

    /// Whether the tracker may have stored the work item although the call failed: no answer arrived, or a
    /// server error came after the request was sent. A 4xx answer means it was refused.
    static func mayHaveCreated(_ error: Error) -> Bool {
        guard let trackerError = error as? TrackerError else { return false }
        if let status = trackerError.upstream?.httpStatus {
            return status >= 500
        }
        switch trackerError.status {
        case .unavailable, .deadlineExceeded, .internal, .cancelled, .aborted: return true
        default: return false
        }
    }

    /// The error as a caller sees it.
    static func rpcError(for error: Error) -> RPCError {
        switch error {
        case let convertible as RPCErrorConvertible:
            return convertible.rpcError
        case let content as TicketContentError:
            let violation = FieldViolation(field: content.field, description: content.message)
            return content.isConfigurationIncomplete
                ? RPCError(.failedPrecondition, content.message, fieldViolations: [violation])
                : RPCError.invalidArgument(content.message, violations: [violation])
        case is CancellationError:
            return RPCError.cancelled("the work item was not created: the service is stopping")
        default:
            return RPCError(.internal, "creating the work item failed unexpectedly; the server log has the details")
        }
    }

    /// The failure as it is stored on the ticket: the message, and what the tracker said.
    static func reason(_ error: RPCError) -> String {
        guard let said = error.upstream?.message, !said.isEmpty, !error.message.contains(said) else {
            return error.message
        }
        return "\(error.message) (tracker: \(said))"
    }

    /// The work item's web page when the tracker's reply has no link: `<collection>/<project>/_workitems/edit/<id>`.
    static func webURL(host: String, project: String, workItemId: Int) -> String {
        let base = host.hasSuffix("/") ? String(host.dropLast()) : host
        let encodedProject = project.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? project
        return "\(base)/\(encodedProject)/_workitems/edit/\(workItemId)"
    }
}
