import JSONRPC

/// Vulnerabilities and tickets, assembled: their RPC methods, the job kinds they run on the job runner,
/// and the start-up resumption of tickets left pending.
///
/// Loop-confined. `BridgeApplication` lists it both as a method group and as a background service.
final class Ticketing: MethodGroup, BackgroundService {
    private let vulnerabilityMethods: VulnerabilityMethods
    private let ticketMethods: TicketMethods
    private let resumption: TicketResumption

    init(environment: BridgeEnvironment, jobs: JobRunner) {
        let creator = TicketCreator(environment: environment)
        let resumption = TicketResumption(environment: environment, creator: creator)
        let automatic = AutoTicketing(environment: environment, creator: creator, resumption: resumption)
        self.resumption = resumption
        vulnerabilityMethods = VulnerabilityMethods(environment: environment, jobs: jobs)
        ticketMethods = TicketMethods(environment: environment, creator: creator, resumption: resumption)

        jobs.register(AutoTicketJob.kind) { job in try await automatic.run(job) }
        jobs.register(TicketResumeRequest.jobKind) { job in try await resumption.run(job) }
    }

    func register(on router: inout Router) {
        vulnerabilityMethods.register(on: &router)
        ticketMethods.register(on: &router)
    }

    func start() throws {
        try resumption.start()
    }

    func stop(completion: @escaping () -> Void) {
        resumption.stop(completion: completion)
    }
}
