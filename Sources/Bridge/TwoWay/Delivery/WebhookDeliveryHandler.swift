import Domain
import Foundation
import JSONRPC
import Logging
import Storage

/// Handles one service-hook delivery for the HTTP listener and the `handleWebhook` method alike:
/// authenticates it, reads it, and applies it in one transaction (SPEC §7).
///
/// A wrong token, an unknown configuration and a deleted one get the same UNAUTHENTICATED answer; only the
/// log says which it was. A body that cannot be read is INVALID_ARGUMENT naming the field, and changes
/// nothing. Synchronous: it runs on the loop and touches only the local database.
struct WebhookDeliveryHandler {
    let environment: BridgeEnvironment
    private let logger = Logger(label: "twoway")

    /// The largest work item revision a delivery may carry. Real revisions count edits and stay far below
    /// it; a larger one can only be invented, and would make every later real revision look stale.
    static let largestRevision = Int(Int32.max)

    init(environment: BridgeEnvironment) {
        self.environment = environment
    }

    /// - Parameters:
    ///   - token: the token from the URL path, the `X-Tracker-Bridge-Token` header or the RPC params.
    ///   - body: the service-hook JSON body.
    /// - Throws: `RPCError` UNAUTHENTICATED, FAILED_PRECONDITION (two-way disabled) or INVALID_ARGUMENT;
    ///   `StorageError` when the database fails.
    func handle(
        configurationId: String, token: String, body: [UInt8], via channel: WebhookChannel
    ) throws -> WebhookDeliveryResult {
        let started = environment.loop.nowMilliseconds
        guard Self.isConfigurationID(configurationId) else {
            logger.notice("webhook delivery refused", [
                "config.id": "invalid", "config.id.length": configurationId.utf8.count, "via": channel.rawValue,
                "reason": "malformed configuration id",
            ])
            throw Self.unauthenticated
        }
        let configuration = try authenticate(configurationId: configurationId, token: token, via: channel)
        guard configuration.twoWay.enabled else {
            logger.notice("webhook delivery refused", [
                "config.id": configurationId, "via": channel.rawValue, "reason": "two-way disabled",
            ])
            throw RPCError.failedPrecondition(
                "two-way integration is disabled for configuration \(configurationId): enable it with configure "
                    + "(twoWay.enabled = true) or remove the service hook from the tracker"
            )
        }
        let event = try readEvent(body, configurationId: configurationId, via: channel)

        let result = try environment.store.database.write("applying a webhook delivery") {
            try apply(event, configuration: configuration)
        }

        logger.info("webhook delivery handled", [
            "config.id": configurationId, "via": channel.rawValue, "outcome": result.outcome.rawValue,
            "hook.event": event.eventType, "hook.subscription": event.subscriptionId,
            "hook.notification": event.notificationId,
            "workitem.id": event.workItemChange.map { String($0.workItemId) } ?? "-",
            "ticket.id": result.ticket?.id ?? "-", "vulnerabilities.changed": result.changes.count,
            "duration.ms": environment.loop.nowMilliseconds &- started,
        ])
        return result
    }

    /// The live configuration the token belongs to.
    private func authenticate(
        configurationId: String, token: String, via channel: WebhookChannel
    ) throws -> Configuration {
        let refusal: String
        switch try environment.store.configurations.lookup(configurationId) {
        case .live(let configuration):
            let stored = try environment.store.configurations.webhookToken(of: configurationId)
            if let stored, WebhookEndpoint.tokenMatches(token, stored: stored) {
                return configuration
            }
            refusal = stored == nil ? "no webhook token issued" : "wrong token"
        case .deleted:
            refusal = "configuration deleted"
        case .unknown:
            refusal = "unknown configuration"
        }

        logger.notice("webhook delivery refused", [
            "config.id": configurationId, "via": channel.rawValue, "reason": refusal,
        ])
        throw Self.unauthenticated
    }

    /// Whether `text` has the shape of a configuration id (a UUID), checked before the id is looked up or
    /// logged: a mistyped URL can put the webhook token where the id belongs.
    static func isConfigurationID(_ text: String) -> Bool {
        text.utf8.count == 36 && UUID(uuidString: text) != nil
    }

    /// `id` when it is shaped like a configuration id, otherwise `invalid`: what log lines may show.
    static func loggable(_ id: String) -> String {
        isConfigurationID(id) ? id : "invalid"
    }

    /// The one answer to every delivery whose token does not open a live configuration.
    static let unauthenticated = RPCError.unauthenticated(
        "the webhook token is not valid for this configuration: register the webhook URL that getConfiguration "
            + "shows (rotateWebhookToken issues a new one)"
    )

    private func readEvent(
        _ body: [UInt8], configurationId: String, via channel: WebhookChannel
    ) throws -> TrackerEvent {
        do {
            let event = try TrackerEvent(payload: Data(body))
            try Self.checkRevision(of: event)
            return event
        } catch let error as ServiceHookPayloadError {
            logger.notice("webhook delivery refused", [
                "config.id": configurationId, "via": channel.rawValue, "reason": "unreadable payload",
                "field": error.field,
            ])
            let field = error.field == "body" ? "payload" : "payload.\(error.field)"
            throw RPCError.invalidArgument(
                error.description, violations: [FieldViolation(field: field, description: error.problem)]
            )
        }
    }

    /// Refuses a revision no work item can have: negative, or above `largestRevision`.
    private static func checkRevision(of event: TrackerEvent) throws {
        guard let revision = event.workItemChange?.revision else { return }
        guard revision < 0 || revision > largestRevision else { return }
        throw ServiceHookPayloadError(
            field: "resource.rev",
            problem: "is \(revision), which no work item revision reaches (0 to \(largestRevision))"
        )
    }

    /// Everything a delivery changes; runs inside the delivery's transaction.
    private func apply(_ event: TrackerEvent, configuration: Configuration) throws -> WebhookDeliveryResult {
        let store = environment.store
        let now = environment.now()
        let delivery = WebhookDelivery(
            configurationId: configuration.id, subscriptionId: event.subscriptionId,
            notificationId: event.notificationId
        )
        let ticket = try event.workItemChange.flatMap {
            try store.tickets.find(workItemId: $0.workItemId, in: configuration.id)?.ticket
        }

        if try store.webhookDeliveries.outcome(of: delivery) != nil {
            return WebhookDeliveryResult(
                outcome: .duplicate, ticket: ticket, changes: [],
                reason: "notification \(event.notificationId) of subscription \(event.subscriptionId) was "
                    + "handled before"
            )
        }

        let result = try outcome(of: event, ticket: ticket, configuration: configuration, at: now)
        try store.webhookDeliveries.record(delivery, outcome: result.outcome.rawValue, now: now)
        return result
    }

    private func outcome(
        of event: TrackerEvent, ticket: Ticket?, configuration: Configuration, at now: Date
    ) throws -> WebhookDeliveryResult {
        guard let change = event.workItemChange else {
            return WebhookDeliveryResult(outcome: .ignored, changes: [], reason: event.ignoredReason)
        }
        guard let ticket else {
            return WebhookDeliveryResult(
                outcome: .ignored, changes: [],
                reason: "work item \(change.workItemId) has no ticket in configuration \(configuration.id)"
            )
        }
        let freshness = DeliveryFreshness.classify(change, alreadyApplied: false, lastRevision: ticket.lastRevision)
        guard freshness == .fresh else {
            return WebhookDeliveryResult(
                outcome: .stale, ticket: ticket, changes: [],
                reason: "revision \(change.revision) of work item \(change.workItemId) is not newer than revision "
                    + "\(ticket.lastRevision), which the ticket already reflects"
            )
        }

        let applier = TicketStateApplier(store: environment.store, logger: logger)
        let application = try applier.apply(change, to: ticket, configuration: configuration, at: now)
        return WebhookDeliveryResult(
            outcome: application.stateChanged ? .applied : .ignored, ticket: application.ticket,
            changes: application.changes, reason: application.reason
        )
    }
}
