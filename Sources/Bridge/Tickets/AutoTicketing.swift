import Domain
import Foundation
import Logging
import JSONRPC
import Storage

/// Automatic ticket creation (SPEC §1.5, §6): queues a job for each newly discovered vulnerability that an
/// enabled configuration wants, and runs those jobs.
///
/// Never retroactive: only vulnerabilities seen for the first time, after auto-create was enabled, are
/// queued. Never twice: one job per vulnerability and configuration. A failed attempt leaves a failed
/// ticket on the vulnerability (visible in `getVulnerability`) and the job retries with backoff.
final class AutoTicketing {
    private let environment: BridgeEnvironment
    private let creator: TicketCreator
    private let resumption: TicketResumption
    private let logger = Logger(label: "tickets")

    init(environment: BridgeEnvironment, creator: TicketCreator, resumption: TicketResumption) {
        self.environment = environment
        self.creator = creator
        self.resumption = resumption
    }

    private var store: Store { environment.store }

    // MARK: - Queueing

    /// Queues the automatic tickets that newly discovered vulnerabilities qualify for. Call it inside the
    /// transaction that stored them, so the jobs are as durable as the vulnerabilities.
    /// - Returns: how many jobs were queued.
    static func queue(
        discovered: [Vulnerability], discoveredAt: Date, configurations: [Configuration], store: Store, now: Date
    ) throws -> Int {
        let candidates = configurations.filter { $0.autoCreate.enabled }
        guard !candidates.isEmpty else { return 0 }
        var queued = 0
        for vulnerability in discovered {
            for configuration in candidates where qualifies(vulnerability, configuration, discoveredAt: discoveredAt) {
                let job = AutoTicketJob(configurationId: configuration.id, vulnerabilityId: vulnerability.id)
                let (_, inserted) = try store.jobs.enqueue(
                    kind: AutoTicketJob.kind, payload: try job.payload, uniqueKey: job.uniqueKey, now: now
                )
                if inserted { queued += 1 }
            }
        }
        return queued
    }

    /// Whether a configuration wants an automatic ticket for a vulnerability it saw first at `discoveredAt`.
    static func qualifies(_ vulnerability: Vulnerability, _ configuration: Configuration, discoveredAt: Date) -> Bool {
        guard configuration.autoCreate.matches(rule: vulnerability.rule, severity: vulnerability.severity),
              configuration.allows(applicationId: vulnerability.applicationId)
        else { return false }
        guard let enabledAt = configuration.autoCreate.enabledAt else { return true }
        return discoveredAt >= enabledAt
    }

    // MARK: - Running

    /// The handler of `ticket.auto` jobs.
    func run(_ job: Job) async throws {
        let request: AutoTicketJob
        do {
            request = try AutoTicketJob(payload: job.payload)
        } catch {
            throw JobRetry("the job's payload is not an automatic ticket request: \(error)", permanent: true)
        }
        guard let configuration = try wantedConfiguration(request) else { return }
        guard let vulnerability = try store.vulnerabilities.get(request.vulnerabilityId) else {
            logger.notice("automatic ticket skipped: the vulnerability is gone", [
                "vulnerability.id": request.vulnerabilityId,
            ])
            return
        }

        let outcome: TicketOutcome
        if let open = try store.tickets.openTicket(for: vulnerability.id, in: configuration.id) {
            // An earlier attempt left it pending, or someone created it by hand meanwhile.
            guard open.lifecycle == .pending else { return }
            outcome = try await resumption.settle(open, resume: try resumption.resumeRequest(of: open))
        } else {
            outcome = try await create(for: vulnerability, in: configuration)
        }

        switch outcome {
        case .created:
            return
        case .failed(let error), .unresolved(let error):
            throw JobRetry(error.message, retryAt: error.retryAfterMs.map {
                environment.now().addingTimeInterval(Double($0) / 1000)
            })
        }
    }

    /// The configuration, when it still exists and still wants automatic tickets.
    private func wantedConfiguration(_ request: AutoTicketJob) throws -> Configuration? {
        guard let configuration = try store.configurations.get(request.configurationId) else {
            logger.notice("automatic ticket skipped: the configuration was deleted", [
                "configuration.id": request.configurationId, "vulnerability.id": request.vulnerabilityId,
            ])
            return nil
        }
        guard configuration.autoCreate.enabled else {
            logger.notice("automatic ticket skipped: auto-create was switched off", [
                "configuration.id": request.configurationId, "vulnerability.id": request.vulnerabilityId,
            ])
            return nil
        }
        return configuration
    }

    private func create(for vulnerability: Vulnerability, in configuration: Configuration) async throws
        -> TicketOutcome
    {
        let request = TicketRequest(
            configuration: configuration, vulnerabilities: [vulnerability], bulk: false,
            overrides: TicketOverrides(), origin: .auto
        )
        let target: TicketTarget
        do {
            target = try TicketTarget(configuration: configuration)
        } catch {
            return try recordRefusal(of: request, error: TicketCreator.rpcError(for: error))
        }
        let ticket = try creator.recordPending([request], project: target.project, workItemType: target.workItemType)
        return await creator.begin(ticket[0], request: request, searchFirst: false).value
    }

    /// A ticket that cannot even be attempted (the configuration is incomplete) is recorded as failed, so the
    /// vulnerability shows why it has no ticket.
    private func recordRefusal(of request: TicketRequest, error: RPCError) throws -> TicketOutcome {
        let id = UUID().uuidString.lowercased()
        let now = environment.now()
        try store.database.write("recording a refused automatic ticket") {
            try store.tickets.insertPending(NewTicket(
                id: id, configurationId: request.configuration.id, vulnerabilityIds: request.vulnerabilities.map(\.id),
                project: request.configuration.project ?? "", workItemType: request.configuration.workItemType,
                origin: .auto, marker: TicketMarker(ticketId: id).tag
            ), now: now)
            try store.tickets.markFailed(id, reason: TicketCreator.reason(error), now: now)
        }
        return .failed(error)
    }
}
