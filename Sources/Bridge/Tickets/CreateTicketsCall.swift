import Domain
import JSON
import JSONRPC
import Logging
import Storage
import Tracker

/// One `createTickets` call: checks everything that can be checked before the tracker is called (nothing
/// is recorded when a check fails), returns the open tickets that already exist, records the new ones as
/// pending, and settles them concurrently (the per-host bound queues the tracker calls).
struct CreateTicketsCall {
    /// At most this many progress notifications per call.
    static let progressSteps = 100

    let environment: BridgeEnvironment
    let creator: TicketCreator
    let resumption: TicketResumption
    let params: CreateTicketsParams
    let context: CallContext

    private var store: Store { environment.store }

    /// One unit of work: a ticket to settle, and the task already settling it when this call recorded it.
    private struct Settlement {
        var ticket: StoredTicket
        var started: Task<TicketOutcome, Never>?
    }

    func run() async throws -> JSONValue {
        let started = environment.loop.nowMilliseconds
        let configuration = try liveConfiguration()
        let vulnerabilities = try requestedVulnerabilities()
        try checkAllowed(vulnerabilities, in: configuration)
        let target = try TicketTarget(configuration: configuration, overrides: params.overrides)

        var (existing, waiting) = try openTickets(of: vulnerabilities, in: configuration)
        var recorded: [Settlement] = []
        if !waiting.isEmpty {
            let workItemType = try await resolvedType(target, configuration: configuration)
            // Another call may have recorded tickets for some of them while the tracker answered: checking again,
            // recording and claiming the new tickets in one synchronous step leaves no gap for a second one.
            let pending = try store.database.write("recording pending tickets") {
                let found: [String: StoredTicket]
                (found, waiting) = try openTickets(of: waiting, in: configuration)
                existing.merge(found) { first, _ in first }
                let requests = ticketRequests(for: waiting, configuration: configuration)
                let tickets = try creator.recordPending(requests, project: target.project, workItemType: workItemType)
                return Array(zip(tickets, requests))
            }
            recorded = pending.map { ticket, request in
                Settlement(ticket: ticket, started: creator.begin(ticket, request: request, searchFirst: false))
            }
        }
        let settlements = pendingSettlements(Array(existing.values)) + recorded
        let outcomes = await settle(settlements)
        let result = Self.result(
            order: vulnerabilities, existing: existing, settlements: settlements, outcomes: outcomes
        )
        Logger(label: "tickets").info("createTickets finished", [
            "configuration.id": configuration.id, "vulnerabilities": vulnerabilities.count, "bulk": params.isBulk,
            "tickets.new": settlements.count, "failures": result.failures,
            "duration.ms": environment.loop.nowMilliseconds &- started,
        ])
        return result.json
    }

    // MARK: - Checks

    private func liveConfiguration() throws -> Configuration {
        guard case .live(let configuration) = try store.configurations.lookup(params.configurationId) else {
            throw RPCError.notFound(
                "no configuration with id \(params.configurationId): listConfigurations shows the existing ones"
            )
        }
        return configuration
    }

    private func requestedVulnerabilities() throws -> [Vulnerability] {
        let found = try store.vulnerabilities.get(params.vulnerabilityIds)
        guard found.count == params.vulnerabilityIds.count else {
            let known = Set(found.map(\.id))
            let missing = params.vulnerabilityIds.filter { !known.contains($0) }
            throw RPCError(
                .notFound,
                "no vulnerability with id \(missing.prefix(10).joined(separator: ", "))"
                    + (missing.count > 10 ? " (and \(missing.count - 10) more)" : "")
                    + ": report them first with reportVulnerabilities",
                fieldViolations: missing.prefix(50).map { id in
                    let index = params.vulnerabilityIds.firstIndex(of: id) ?? 0
                    return FieldViolation(
                        field: "vulnerabilityIds[\(index)]", description: "is not a known vulnerability"
                    )
                }
            )
        }
        return found
    }

    private func checkAllowed(_ vulnerabilities: [Vulnerability], in configuration: Configuration) throws {
        var refused: [String] = []
        for vulnerability in vulnerabilities where !configuration.allows(applicationId: vulnerability.applicationId) {
            if !refused.contains(vulnerability.applicationId) { refused.append(vulnerability.applicationId) }
        }
        guard refused.isEmpty else {
            throw RPCError.permissionDenied(
                "configuration \"\(configuration.name)\" does not allow application(s) "
                    + refused.prefix(10).joined(separator: ", ")
                    + ": add them to its applications with configure, or use another configuration"
            )
        }
    }

    // MARK: - Work

    /// The open (pending or created) ticket of each vulnerability that has one, and those without.
    private func openTickets(
        of vulnerabilities: [Vulnerability], in configuration: Configuration
    ) throws -> (existing: [String: StoredTicket], waiting: [Vulnerability]) {
        var existing: [String: StoredTicket] = [:]
        var waiting: [Vulnerability] = []
        for vulnerability in vulnerabilities {
            if let open = try store.tickets.openTicket(for: vulnerability.id, in: configuration.id) {
                existing[vulnerability.id] = open
            } else {
                waiting.append(vulnerability)
            }
        }
        return (existing, waiting)
    }

    /// Tickets already pending for some of the vulnerabilities: joined when in flight, resumed otherwise.
    private func pendingSettlements(_ tickets: [StoredTicket]) -> [Settlement] {
        var seen = Set<String>()
        return tickets.filter { $0.lifecycle == .pending && seen.insert($0.id).inserted }
            .sorted { $0.createdAt < $1.createdAt }
            .map { Settlement(ticket: $0, started: nil) }
    }

    /// The work item type as the tracker names it; fails the whole call when the project or type does not
    /// exist, before anything is recorded.
    private func resolvedType(_ target: TicketTarget, configuration: Configuration) async throws -> String {
        let client = try environment.trackers.client(for: configuration)
        return try await creator.types.resolve(
            target.workItemType, in: target.project, configurationId: configuration.id, client: client
        ).name
    }

    /// One ticket request per vulnerability, or one for all of them in a bulk call (none when none is left).
    private func ticketRequests(
        for vulnerabilities: [Vulnerability], configuration: Configuration
    ) -> [TicketRequest] {
        guard !vulnerabilities.isEmpty else { return [] }
        let groups = params.isBulk ? [vulnerabilities] : vulnerabilities.map { [$0] }
        return groups.map {
            TicketRequest(
                configuration: configuration, vulnerabilities: $0, bulk: params.isBulk, overrides: params.overrides,
                origin: .manual
            )
        }
    }

    /// Settles every ticket concurrently, reporting progress as they finish.
    private func settle(_ settlements: [Settlement]) async -> [String: TicketOutcome] {
        let total = settlements.count
        let step = max(1, total / Self.progressSteps)
        var outcomes: [String: TicketOutcome] = [:]
        await withTaskGroup(of: (String, TicketOutcome).self) { group in
            for settlement in settlements {
                group.addTask(executorPreference: environment.loop) { [self] in
                    (settlement.ticket.id, await settleOne(settlement))
                }
            }
            for await (ticketId, outcome) in group {
                outcomes[ticketId] = outcome
                if outcomes.count % step == 0 || outcomes.count == total {
                    context.reportProgress(
                        progress: Double(outcomes.count), total: Double(total),
                        message: "\(outcomes.count) of \(total) work items settled"
                    )
                }
            }
        }
        return outcomes
    }

    private func settleOne(_ settlement: Settlement) async -> TicketOutcome {
        if let task = settlement.started ?? creator.running(settlement.ticket.id) {
            return await task.value
        }
        do {
            let resume = try resumption.resumeRequest(of: settlement.ticket)
            return try await resumption.settle(settlement.ticket, resume: resume)
        } catch {
            return .unresolved(TicketCreator.rpcError(for: error))
        }
    }

    // MARK: - Result

    private struct Result {
        var json: JSONValue
        var failures: Int
    }

    /// Tickets in the order of the requested vulnerabilities (each once), and one failure entry per work item
    /// that was not created.
    private static func result(
        order: [Vulnerability], existing: [String: StoredTicket], settlements: [Settlement],
        outcomes: [String: TicketOutcome]
    ) -> Result {
        var ticketByVulnerability: [String: StoredTicket] = [:]
        var failures: [JSONValue] = []
        for settlement in settlements {
            switch outcomes[settlement.ticket.id] {
            case .created(let ticket)?:
                for id in ticket.vulnerabilityIds { ticketByVulnerability[id] = ticket }
            case .failed(let error)?, .unresolved(let error)?:
                failures.append([
                    "vulnerabilityIds": .array(settlement.ticket.vulnerabilityIds.map { .string($0) }),
                    "error": error.jsonValue,
                ])
            case nil:
                break
            }
        }
        for (vulnerabilityId, ticket) in existing where ticket.lifecycle == .created {
            ticketByVulnerability[vulnerabilityId] = ticket
        }

        var tickets: [JSONValue] = []
        var listed = Set<String>()
        for vulnerability in order {
            guard let stored = ticketByVulnerability[vulnerability.id], listed.insert(stored.id).inserted,
                  let ticket = stored.ticket, let json = try? JSONValue(encoding: ticket)
            else { continue }
            tickets.append(json)
        }
        return Result(json: ["tickets": .array(tickets), "failures": .array(failures)], failures: failures.count)
    }
}
