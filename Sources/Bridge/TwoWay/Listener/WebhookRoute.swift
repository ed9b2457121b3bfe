import HTTP

/// What a request to the webhook listener asks for.
enum WebhookRoute: Equatable {
    /// `GET /healthz`.
    case health
    /// `POST /webhooks/azure-devops/<configurationId>[/<token>]`; without a path token, the token comes from
    /// the `X-Tracker-Bridge-Token` header (empty when neither has one).
    case delivery(configurationId: String, token: String)
    /// A known path with the wrong method; `allowed` goes into the `Allow` header.
    case methodNotAllowed(allowed: String)
    case notFound

    init(_ request: HTTPServerRequest) {
        let segments = request.pathSegments
        if segments == ["healthz"] {
            self = request.method == "GET" || request.method == "HEAD" ? .health : .methodNotAllowed(allowed: "GET")
            return
        }

        let prefix = WebhookEndpoint.pathPrefix
        guard segments.count == prefix.count + 1 || segments.count == prefix.count + 2,
              Array(segments.prefix(prefix.count)) == prefix else {
            self = .notFound
            return
        }
        guard request.method == "POST" else {
            self = .methodNotAllowed(allowed: "POST")
            return
        }
        let token = segments.count == prefix.count + 2
            ? segments[prefix.count + 1]
            : request.headers[WebhookEndpoint.tokenHeader] ?? ""
        self = .delivery(configurationId: segments[prefix.count], token: token)
    }
}
