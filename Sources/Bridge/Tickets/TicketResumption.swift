import Domain
import Foundation
import Logging
import Storage

/// Settles tickets left pending: at start-up every pending ticket (nothing can be working on it after a
/// restart), and later each one whose resume job comes due while no task of this process works on it.
///
/// Settling looks for the work item carrying the ticket's marker first and adopts it; only when none exists
/// is the work item created, as the original call asked (its overrides are in the resume job's payload).
final class TicketResumption: BackgroundService {
    private let environment: BridgeEnvironment
    private let creator: TicketCreator
    private let logger = Logger(label: "tickets")
    private var recovery: Task<Void, Never>?

    init(environment: BridgeEnvironment, creator: TicketCreator) {
        self.environment = environment
        self.creator = creator
    }

    private var store: Store { environment.store }

    /// Resumes every pending ticket in the background.
    func start() throws {
        let pending = try store.tickets.pending()
        guard !pending.isEmpty else { return }
        logger.notice("resuming tickets left pending", ["tickets.pending": pending.count])
        recovery = Task(executorPreference: environment.loop) { [self] in
            await withTaskGroup(of: Void.self) { group in
                for ticket in pending {
                    group.addTask { [self] in
                        do {
                            _ = try await settle(ticket, resume: try resumeRequest(of: ticket))
                        } catch {
                            logger.error("cannot resume a pending ticket; its resume job will", [
                                "ticket.id": ticket.id, "error": "\(error)",
                            ])
                        }
                    }
                }
            }
        }
    }

    func stop(completion: @escaping () -> Void) {
        recovery?.cancel()
        completion()
    }

    /// The handler of `ticket.resume` jobs.
    func run(_ job: Job) async throws {
        let resume: TicketResumeRequest
        do {
            resume = try TicketResumeRequest(payload: job.payload)
        } catch {
            throw JobRetry("the job's payload is not a ticket resume request: \(error)", permanent: true)
        }
        guard let ticket = try store.tickets.get(resume.ticketId), ticket.lifecycle == .pending else { return }
        let outcome = try await settle(ticket, resume: resume)
        if case .unresolved(let error) = outcome {
            throw JobRetry(error.message, retryAt: error.retryAfterMs.map {
                environment.now().addingTimeInterval(Double($0) / 1000)
            })
        }
    }

    /// Settles one pending ticket: adopts its marked work item, or creates it as first asked.
    func settle(_ ticket: StoredTicket, resume: TicketResumeRequest) async throws -> TicketOutcome {
        guard let configuration = try store.configurations.get(ticket.configurationId) else {
            let reason = "configuration \(ticket.configurationId) was deleted before the work item was created"
            try store.tickets.markFailed(ticket.id, reason: reason, now: environment.now())
            return .failed(.failedPrecondition(reason))
        }
        let vulnerabilities = try store.vulnerabilities.get(ticket.vulnerabilityIds)
        let request = resume.request(for: ticket, configuration: configuration, vulnerabilities: vulnerabilities)
        return await creator.settle(ticket, request: request, searchFirst: true)
    }

    /// The resume request stored with the ticket; a ticket without one is resumed with the configuration's
    /// defaults.
    func resumeRequest(of ticket: StoredTicket) throws -> TicketResumeRequest {
        let fallback = TicketResumeRequest(
            ticketId: ticket.id, bulk: ticket.vulnerabilityIds.count > 1, assignee: nil, title: nil
        )
        let (job, _) = try store.jobs.enqueue(
            kind: TicketResumeRequest.jobKind, payload: try fallback.payload,
            uniqueKey: TicketResumeRequest.uniqueKey(ticketId: ticket.id), maxAttempts: TicketResumeRequest.maxAttempts,
            now: environment.now()
        )
        return (try? TicketResumeRequest(payload: job.payload)) ?? fallback
    }
}
