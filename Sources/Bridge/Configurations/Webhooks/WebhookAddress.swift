import EventLoop

/// Where the tracker delivers a configuration's service-hook events (SPEC §7):
/// `<public-url>/webhooks/azure-devops/<configurationId>/<token>`.
///
/// The base is `--public-url` when given, else the webhook listener's own address; without either there
/// is no URL to hand out, and the configuration says `--public-url` is missing.
struct WebhookAddress {
    static let routePrefix = "/webhooks/azure-devops/"
    /// What `Configuration.missing` lists while two-way is on but no webhook URL can be built.
    static let missingSetting = "--public-url"

    /// The URL every webhook URL starts with, without a trailing slash; nil when unknown.
    let base: String?

    init(settings: BridgeSettings) {
        if let publicURL = settings.publicURL, !publicURL.isEmpty {
            var trimmed = publicURL
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            base = trimmed
        } else if case .tcp(let host, let port) = settings.webhookListen, port != 0 {
            base = host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        } else {
            base = nil
        }
    }

    /// The URL to register in the tracker; it carries the token, so it goes only to the caller who asked.
    func url(configurationId: String, token: String) -> String? {
        base.map { "\($0)\(WebhookAddress.routePrefix)\(configurationId)/\(token)" }
    }

    /// The part of the URL that identifies the configuration, without the token: enough to find the
    /// subscription in the tracker's Service Hooks page.
    func prefix(configurationId: String) -> String {
        "\(base ?? "")\(WebhookAddress.routePrefix)\(configurationId)/"
    }
}
