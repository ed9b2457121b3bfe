import Domain
import JSON
import JSONRPC
import Logging
import Storage

/// The two-way methods (SPEC §5): `handleWebhook`, `syncTickets`, `rotateWebhookToken`.
struct TwoWayMethods: MethodGroup {
    let environment: BridgeEnvironment
    private let logger = Logger(label: "twoway")

    init(environment: BridgeEnvironment) {
        self.environment = environment
    }

    func register(on router: inout Router) {
        let deliveries = WebhookDeliveryHandler(environment: environment)
        router.registerImmediate("handleWebhook") { (params: HandleWebhookParams, _) in
            try deliveries.handle(
                configurationId: try Self.required(params.configurationId, "configurationId"), token: params.token,
                body: try Self.body(of: params.payload), via: .rpc
            )
        }

        let synchronizer = TicketSynchronizer(environment: environment)
        router.register("syncTickets") { (params: ConfigurationIdParams, context) in
            let id = try Self.required(params.configurationId, "configurationId")
            return try await synchronizer.synchronize(configurationId: id) { checked, total in
                context.reportProgress(
                    progress: Double(checked), total: Double(total),
                    message: "checked \(checked) of \(total) work items"
                )
            }
        }

        router.registerImmediate("rotateWebhookToken") { (params: ConfigurationIdParams, _) in
            try rotateWebhookToken(try Self.required(params.configurationId, "configurationId"))
        }
    }

    private func rotateWebhookToken(_ id: String) throws -> RotateWebhookTokenResult {
        switch try environment.store.configurations.lookup(id) {
        case .live(let configuration):
            guard configuration.twoWay.enabled else {
                throw RPCError.failedPrecondition(
                    "two-way integration is disabled for configuration \(id): enable it with configure "
                        + "(twoWay.enabled = true), which issues a webhook URL"
                )
            }
            let url = try WebhookEndpoint.rotateToken(
                of: id, settings: environment.settings, store: environment.store
            )
            logger.notice("webhook token rotated", ["config.id": id])
            return RotateWebhookTokenResult(webhookUrl: url)
        case .deleted(let name, _):
            throw RPCError.notFound("configuration \(id) (\"\(name)\") was deleted: it has no webhook any more")
        case .unknown:
            throw RPCError.notFound("no configuration with id \(id): listConfigurations shows the ids")
        }
    }

    private static func required(_ value: String, _ field: String) throws -> String {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RPCError.invalidArgument(
                "\(field) must not be empty",
                violations: [FieldViolation(field: field, description: "must not be empty")]
            )
        }
        return value
    }

    /// The delivery's body: the payload object as JSON text, or the text the caller passed.
    private static func body(of payload: JSONValue) throws -> [UInt8] {
        switch payload {
        case .object: return JSONWriter.bytes(payload)
        case .string(let text): return Array(text.utf8)
        default:
            throw RPCError.invalidArgument(
                "payload must be the service-hook JSON body (an object), got \(payload.kindDescription)",
                violations: [FieldViolation(field: "payload", description: "must be an object")]
            )
        }
    }
}
