/// What a webhook delivery did (SPEC §5 `handleWebhook`).
enum WebhookOutcome: String, Encodable, Sendable {
    /// The work item's new state was recorded and the status rules applied.
    case applied
    /// The same `subscriptionId` + `notificationId` was handled before; nothing changed.
    case duplicate
    /// The delivery's revision is older than what the ticket has seen; nothing changed.
    case stale
    /// Nothing to apply: another event type, a change that leaves the state alone, or a work item without
    /// a ticket in this configuration.
    case ignored
}
