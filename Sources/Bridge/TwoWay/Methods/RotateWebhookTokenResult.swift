/// The answer to `rotateWebhookToken`: the new URL to register in the tracker.
struct RotateWebhookTokenResult: Encodable {
    var webhookUrl: String
}
