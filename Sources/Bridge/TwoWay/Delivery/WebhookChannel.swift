/// How a webhook delivery reached the service, for logs.
enum WebhookChannel: String, Sendable {
    /// The HTTP listener (`--webhook-listen`).
    case http
    /// The `handleWebhook` method.
    case rpc
}
