import Domain

/// The answer to a webhook delivery, over RPC (`handleWebhook`) and over HTTP alike.
struct WebhookDeliveryResult: Encodable, Sendable {
    var outcome: WebhookOutcome
    /// The ticket the delivery is about, as stored after it; absent when no ticket has the work item.
    var ticket: Ticket?
    var changes: [VulnerabilityStatusChange]
    /// Why nothing changed, for every outcome but `applied`.
    var reason: String?
}
