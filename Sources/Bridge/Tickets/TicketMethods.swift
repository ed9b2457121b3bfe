import Domain
import JSON
import JSONRPC
import Logging
import Storage

/// `createTickets` and `listTickets` (SPEC §5, §6).
struct TicketMethods: MethodGroup {
    let environment: BridgeEnvironment
    let creator: TicketCreator
    let resumption: TicketResumption
    private let logger = Logger(label: "tickets")

    init(environment: BridgeEnvironment, creator: TicketCreator, resumption: TicketResumption) {
        self.environment = environment
        self.creator = creator
        self.resumption = resumption
    }

    func register(on router: inout Router) {
        router.register("createTickets") { (params: CreateTicketsParams, context) in
            try await createTickets(params, context: context)
        }
        router.register("listTickets") { (params: ListTicketsParams, _) in
            try listTickets(params)
        }
    }

    func createTickets(_ params: CreateTicketsParams, context: CallContext) async throws -> JSONValue {
        try params.validate()
        let call = try IdempotentCall(
            method: "createTickets", meta: context.meta, params: try JSONValue(encoding: params)
        )
        return try await call.run(in: environment.store, logger: logger, now: environment.now) {
            do {
                return try await CreateTicketsCall(
                    environment: environment, creator: creator, resumption: resumption, params: params,
                    context: context
                ).run()
            } catch let content as TicketContentError {
                throw TicketCreator.rpcError(for: content)
            }
        }
    }

    func listTickets(_ params: ListTicketsParams) throws -> ListTicketsResult {
        let store = environment.store
        if let configurationId = params.configurationId,
           case .unknown = try store.configurations.lookup(configurationId)
        {
            throw RPCError.notFound(
                "no configuration with id \(configurationId): listConfigurations shows the existing ones"
            )
        }
        if let vulnerabilityId = params.vulnerabilityId, try store.vulnerabilities.get(vulnerabilityId) == nil {
            throw RPCError.notFound("no vulnerability with id \(vulnerabilityId): report it first")
        }
        let tickets = try store.tickets.list(
            configurationId: params.configurationId, vulnerabilityId: params.vulnerabilityId
        )
        return ListTicketsResult(tickets: tickets.compactMap(\.ticket))
    }
}
