import HTTP
import JSON
import JSONRPC
import Logging
import Storage

/// The webhook HTTP listener (`--webhook-listen`, SPEC §7): plain HTTP/1.1 meant to sit behind a
/// TLS-terminating proxy. It accepts `POST /webhooks/azure-devops/<configurationId>/<token>` bodies up to
/// 4 MiB, answers `GET /healthz`, and hands deliveries to the same `WebhookDeliveryHandler` as
/// `handleWebhook`. Deliveries are applied before the answer, which takes a few milliseconds.
///
/// Refusals never use 410, which would make the tracker disable the subscription: bad tokens get 401,
/// unreadable bodies 400, a disabled integration 403, a busy database 503 (the tracker retries that).
/// Loop-confined.
final class WebhookListener: BackgroundService {
    private let environment: BridgeEnvironment
    private let handler: WebhookDeliveryHandler
    private let logger = Logger(label: "webhook-http")
    private var server: HTTPServer?

    init(environment: BridgeEnvironment) {
        self.environment = environment
        handler = WebhookDeliveryHandler(environment: environment)
    }

    /// Listens when `--webhook-listen` was given; otherwise does nothing.
    func start() throws {
        guard let address = environment.settings.webhookListen else { return }
        server = try HTTPServer(
            loop: environment.loop, address: address,
            configuration: HTTPServerConfiguration(maximumBodyBytes: HTTPServerConfiguration.defaultMaximumBodyBytes),
            logger: logger
        ) { [weak self] request, responder in
            self?.answer(request, responder)
        }
        logger.info("webhook listener started", [
            "address": "\(address)", "port": server?.boundPort.map(String.init) ?? "-",
            "public.url": WebhookAddress(settings: environment.settings).base ?? "-",
        ])
    }

    func stop(completion: @escaping () -> Void) {
        server?.close()
        server = nil
        completion()
    }

    private func answer(_ request: HTTPServerRequest, _ responder: HTTPServerResponder) {
        switch WebhookRoute(request) {
        case .health:
            responder.respond(HTTPServerResponse(status: 200, contentType: "text/plain", text: "SERVING\n"))
        case .notFound:
            responder.respond(Self.error(
                404, "no such endpoint: deliveries go to POST /webhooks/azure-devops/<configurationId>/<token>"
            ))
        case .methodNotAllowed(let allowed):
            var response = Self.error(405, "use \(allowed) here")
            response.headers.replace(name: "Allow", value: allowed)
            responder.respond(response)
        case .delivery(let configurationId, let token):
            responder.respond(deliver(request.body, configurationId: configurationId, token: token))
        }
    }

    private func deliver(_ body: [UInt8], configurationId: String, token: String) -> HTTPServerResponse {
        do {
            let result = try handler.handle(configurationId: configurationId, token: token, body: body, via: .http)
            let json = try JSONValueEncoder().encode(result)
            return HTTPServerResponse(status: 200, contentType: "application/json", text: JSONWriter.string(json))
        } catch {
            let rpcError = RPCError.from(error)
            if rpcError.status == .internal {
                logger.error("webhook delivery failed", [
                    "config.id": WebhookDeliveryHandler.loggable(configurationId), "error": "\(error)",
                ])
            }
            return Self.error(Self.httpStatus(for: rpcError.status), rpcError.message)
        }
    }

    static func httpStatus(for status: Status) -> Int {
        switch status {
        case .unauthenticated: 401
        case .invalidArgument: 400
        case .failedPrecondition, .permissionDenied: 403
        case .aborted, .unavailable, .resourceExhausted: 503
        default: 500
        }
    }

    private static func error(_ status: Int, _ message: String) -> HTTPServerResponse {
        let body: JSONValue = ["error": .string(message)]
        return HTTPServerResponse(status: status, contentType: "application/json", text: JSONWriter.string(body))
    }
}
