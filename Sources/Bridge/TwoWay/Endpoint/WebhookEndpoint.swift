import Crypto
import JSONRPC
import Storage

/// How a delivery proves it comes from the configuration's service hook (SPEC §7): the token of
/// `<base>/webhooks/azure-devops/<configurationId>/<token>` in the path, or in a header.
///
/// Tokens are made by `WebhookToken` and URLs built by `WebhookAddress` (Configurations), so `configure`,
/// `getConfiguration` and `rotateWebhookToken` show the same URL.
enum WebhookEndpoint {
    /// The path segments in front of `<configurationId>/<token>`.
    static let pathPrefix = ["webhooks", "azure-devops"]
    /// The header a subscription may carry the token in instead of the path.
    static let tokenHeader = "X-Tracker-Bridge-Token"

    /// Whether a presented token is the stored one, compared in constant time.
    static func tokenMatches(_ presented: String, stored: String) -> Bool {
        Digest.constantTimeEquals(Array(presented.utf8), Array(stored.utf8))
    }

    /// Replaces a configuration's token and returns the new URL; the old URL stops working at once.
    /// - Throws: FAILED_PRECONDITION, before anything changes, when the service has no address for URLs.
    static func rotateToken(of configurationId: String, settings: BridgeSettings, store: Store) throws -> String {
        let token = try WebhookToken.generate()
        guard let url = WebhookAddress(settings: settings).url(configurationId: configurationId, token: token) else {
            throw RPCError.failedPrecondition(
                "tracker-bridge has no address for webhook URLs: start it with --public-url (or --webhook-listen "
                    + "with a fixed port), then rotate the token"
            )
        }
        try store.configurations.setWebhookToken(token, of: configurationId)
        return url
    }
}
