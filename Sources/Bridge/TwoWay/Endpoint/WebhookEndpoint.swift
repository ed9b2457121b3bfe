import Crypto
import JSONRPC
import Domain
import EventLoop
import Foundation
import Storage

/// Where the tracker delivers a configuration's service hooks, and the secret that proves a delivery is
/// genuine (SPEC §7): `<base>/webhooks/azure-devops/<configurationId>/<token>`.
///
/// The token is 256 random bits in URL-safe base64, stored sealed with the secret key; the URL is never
/// stored, it is rebuilt from the token. The base is `--public-url` when set, else the webhook listener's
/// own address (when it has a fixed port); without either there is no URL to hand out.
struct WebhookEndpoint {
    /// The path segments in front of `<configurationId>/<token>`.
    static let pathPrefix = ["webhooks", "azure-devops"]
    /// The header a subscription may carry the token in instead of the path.
    static let tokenHeader = "X-Tracker-Bridge-Token"
    /// 256 bits.
    static let tokenByteCount = 32

    /// E.g. `https://bridge.example.com` (no trailing slash), or nil when the service has no address.
    let baseURL: String?

    init(settings: BridgeSettings) {
        baseURL = Self.baseURL(publicURL: settings.publicURL, listen: settings.webhookListen)
    }

    /// A new random token: 43 characters of URL-safe base64 without padding.
    static func makeToken() throws -> String {
        let bytes = try SecureRandom.bytes(count: tokenByteCount)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether a presented token is the stored one, compared in constant time.
    static func tokenMatches(_ presented: String, stored: String) -> Bool {
        Digest.constantTimeEquals(Array(presented.utf8), Array(stored.utf8))
    }

    /// The webhook URL of a configuration with this token; nil when the service has no address.
    func url(configurationId: String, token: String) -> String? {
        guard let baseURL else { return nil }
        let segments = Self.pathPrefix + [configurationId, token]
        return baseURL + "/" + segments.map(Self.encodedSegment).joined(separator: "/")
    }

    /// Replaces a configuration's token and returns the new URL; the old URL stops working at once.
    /// - Throws: FAILED_PRECONDITION, before anything changes, when no URL can be built.
    func rotateToken(of configurationId: String, store: Store) throws -> String {
        let token = try Self.makeToken()
        guard let url = url(configurationId: configurationId, token: token) else {
            throw RPCError.failedPrecondition(
                "tracker-bridge has no address for webhook URLs: start it with --public-url (or --webhook-listen "
                    + "with a fixed port), then rotate the token"
            )
        }
        try store.configurations.setWebhookToken(token, of: configurationId)
        return url
    }

    static func baseURL(publicURL: String?, listen: ListenAddress?) -> String? {
        if let publicURL, !publicURL.isEmpty {
            var base = publicURL
            while base.hasSuffix("/") { base.removeLast() }
            return base
        }
        guard case .tcp(let host, let port)? = listen, port != 0 else { return nil }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func encodedSegment(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: unreservedCharacters) ?? segment
    }

    private static let unreservedCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}
