import EventLoop
import Foundation
import HTTP
import JSON
import Logging

/// A simulated Azure DevOps collection on loopback: the REST routes the bridge uses, personal access
/// tokens with scopes, work items with revisions, WIQL, service hooks, fault injection and an admin API
/// under `/_admin/`. Loop-confined.
public final class AzureDevOpsSimulator {
    public let configuration: SimulatorConfiguration
    let loop: EventLoop
    let logger: Logger
    let collection: TrackerCollection
    let faults = FaultPlan()
    let counters = RequestCounters()
    let tracker: TrackerService
    let hooks: HookDeliverer
    private var server: HTTPServer?

    /// The port actually bound.
    public private(set) var port = 0

    /// Starts listening at once.
    /// - Throws: `UVError` when the address cannot be bound.
    public init(
        loop: EventLoop, configuration: SimulatorConfiguration, logger: Logger = Logger(label: "simulator")
    ) throws {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        collection = TrackerCollection(configuration: configuration)
        hooks = HookDeliverer(loop: loop, collection: collection,
                              retryMilliseconds: configuration.hookRetryMilliseconds, logger: logger)
        tracker = TrackerService(configuration: configuration, collection: collection, hooks: hooks)

        let server = try HTTPServer(loop: loop, address: .tcp(host: configuration.host, port: configuration.port),
                                    logger: logger) { [weak self] request, responder in
            self?.handle(request, responder)
        }
        self.server = server
        port = server.boundPort ?? configuration.port
        tracker.collectionURL = collectionURL
        hooks.collectionURL = collectionURL
        collection.observe { [weak self] event in self?.hooks.publish(event) }
    }

    /// `host:port`, with brackets for IPv6.
    public var listeningAddress: String {
        configuration.host.contains(":") ? "[\(configuration.host)]:\(port)" : "\(configuration.host):\(port)"
    }

    /// The collection URL a client configures as its host.
    public var collectionURL: String { "http://\(listeningAddress)\(configuration.collectionPath)" }

    /// Stops listening, answers nothing more and cancels pending deliveries.
    public func close() {
        server?.close()
        server = nil
        for held in heldReplies { held.finish(nil) }
        heldReplies = []
        hooks.close()
    }

    // MARK: Request pipeline

    private func handle(_ request: HTTPServerRequest, _ responder: HTTPServerResponder) {
        if request.pathSegments.first == "_admin" {
            respondToAdmin(request, responder)
            return
        }
        let receivedAt = loop.nowMilliseconds
        counters.requestStarted()
        let route = collectionSegments(of: request).flatMap(TrackerRoute.match)
        var entry = RequestCounters.Entry(receivedAt: receivedAt, method: request.method, path: request.rawPath,
                                          route: route?.template ?? "unknown", status: 0)
        let finish: (HTTPServerResponse?) -> Void = { [weak self] response in
            entry.status = response?.status ?? 0
            self?.counters.requestFinished(entry)
            if let response { responder.respond(response) } else { responder.dropConnection() }
        }

        let latency = faults.latencyMilliseconds ?? configuration.latencyMilliseconds
        guard latency > 0 else {
            serve(request, route: route, finish: finish)
            return
        }
        LoopTimer.once(on: loop, afterMilliseconds: latency) { [weak self] in
            guard let self else { return }
            serve(request, route: route, finish: finish)
        }
    }

    /// The path segments below the collection path, or nil for a path outside the collection.
    private func collectionSegments(of request: HTTPServerRequest) -> [String]? {
        let prefix = configuration.collectionPath.split(separator: "/").map(String.init)
        let segments = request.pathSegments
        guard segments.count >= prefix.count,
              zip(segments, prefix).allSatisfy({ $0.lowercased() == $1.lowercased() })
        else { return nil }
        return Array(segments.dropFirst(prefix.count))
    }

    private func serve(
        _ request: HTTPServerRequest, route: TrackerRoute?, finish: @escaping (HTTPServerResponse?) -> Void
    ) {
        let path = request.rawPath
        if faults.take(\.drops, path: path) != nil {
            logger.info("fault: dropping the connection", ["http.path": path])
            finish(nil)
            return
        }
        if let fault = faults.take(\.signInPages, path: path) {
            finish(fault.status == 302 ? signInRedirect() : signInPageResponse())
            return
        }
        if let fault = faults.take(\.serverErrors, path: path) {
            finish(response(TrackerReply(TrackerError.serverFault(status: fault.status)), version: nil))
            return
        }
        var warning: CountedFault?
        if let fault = faults.take(\.throttling, path: path) {
            counters.retryAfterSent(RequestCounters.RetryAfter(
                issuedAt: loop.nowMilliseconds, seconds: fault.retryAfterSeconds,
                route: route?.template ?? path, status: fault.status
            ))
            guard fault.status == 200 else {
                var reply = TrackerReply(fault.status == 429 ? .throttled() : .serverFault(status: fault.status))
                reply.headers += throttlingHeaders(fault)
                finish(response(reply, version: nil))
                return
            }
            warning = fault
        }

        var reply: TrackerReply
        var version: APIVersion?
        do {
            let trackerRequest = try admit(request, route: route)
            version = trackerRequest.version
            reply = try tracker.handle(route!, trackerRequest)
        } catch let rejection as Rejection {
            finish(rejection.response)
            return
        } catch let error as TrackerError {
            reply = TrackerReply(error)
        } catch {
            reply = TrackerReply(TrackerError.serverFault(status: 500))
        }
        if let warning { reply.headers += throttlingHeaders(warning) }

        let answer = response(reply, version: version)
        if reply.createdWorkItem, let fault = faults.takeCreateReplyFault() {
            holdOrDrop(answer, fault: fault, finish: finish)
            return
        }
        finish(answer)
    }

    private func holdOrDrop(_ answer: HTTPServerResponse, fault: FaultPlan.CreateReplyFault,
                            finish: @escaping (HTTPServerResponse?) -> Void) {
        logger.info("fault: holding back the reply of a create", ["fault": fault.rawValue])
        switch fault {
        case .drop:
            finish(nil)
        case .hold:
            heldReplies.append((answer, finish))
        }
    }

    /// Replies of creates held by the `holdNextCreate: hold` fault, released by the admin API.
    var heldReplies: [(response: HTTPServerResponse, finish: (HTTPServerResponse?) -> Void)] = []

    /// Sends every held reply.
    func releaseHeldReplies() -> Int {
        let held = heldReplies
        heldReplies = []
        for (response, finish) in held { finish(response) }
        return held.count
    }

    // MARK: Admission: routing, authentication, versions, scopes

    /// An answer that ends a request before a route runs (sign-in page, redirect).
    struct Rejection: Error {
        let response: HTTPServerResponse
    }

    private func admit(_ request: HTTPServerRequest, route: TrackerRoute?) throws -> TrackerRequest {
        if case .signIn = route {
            throw Rejection(response: signInPageResponse(status: 200))
        }
        let token = try authenticate(request)
        let version = try negotiateVersion(request, route: route)
        guard let route else { throw TrackerError.routeNotFound(request.rawPath) }
        guard route.scope(method: request.method).isGranted(by: token.scopes) else {
            throw TrackerError.missingScope(user: collection.tokenOwner)
        }
        return TrackerRequest(http: request, version: version, user: collection.tokenOwner)
    }

    /// Finds the token in `Authorization: Basic base64(user:token)`; the user part is ignored.
    private func authenticate(_ request: HTTPServerRequest) throws -> SimulatorConfiguration.AccessToken {
        let header = request.headers["Authorization"] ?? ""
        let parts = header.split(separator: " ", maxSplits: 1)
        var presented: String?
        if parts.count == 2, parts[0].lowercased() == "basic",
           let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)) {
            let text = String(decoding: decoded, as: UTF8.self)
            presented = text.firstIndex(of: ":").map { String(text[text.index(after: $0)...]) }
        }
        guard let presented, let token = collection.accessTokens.first(where: { $0.token == presented }) else {
            throw rejection(for: request, expired: false)
        }
        if token.isExpired { throw rejection(for: request, expired: true) }
        return token
    }

    private func rejection(for request: HTTPServerRequest, expired: Bool) -> Error {
        let suppressed = request.headers["X-TFS-FedAuthRedirect"]?.lowercased() == "suppress"
        switch faults.rejectionStyle {
        case .automatic where !suppressed, .signInPage:
            return Rejection(response: signInPageResponse())
        case .redirect:
            return Rejection(response: signInRedirect())
        case .automatic, .json:
            return expired ? TrackerError.expiredToken(collectionURL: collectionURL)
                : TrackerError.unauthorized(collectionURL: collectionURL)
        }
    }

    private func negotiateVersion(_ request: HTTPServerRequest, route: TrackerRoute?) throws -> APIVersion {
        guard let text = request.queryValue("api-version") else {
            if request.method != "GET", route != nil { throw TrackerError.versionNotSpecified(method: request.method) }
            return configuration.maximumAPIVersion
        }
        guard let version = APIVersion(text) else { throw TrackerError.invalidVersion(text) }
        if version > configuration.maximumAPIVersion {
            throw TrackerError.versionOutOfRange(requested: version.text, latest: configuration.maximumAPIVersion.text)
        }
        if case .connectionData = route, version.isAtLeast(5), !version.isPreview {
            throw TrackerError.previewRequired(version.text)
        }
        return version
    }

    // MARK: Responses

    private func response(_ reply: TrackerReply, version: APIVersion?) -> HTTPServerResponse {
        var headers = HTTPHeaders()
        let versionText = version?.text ?? configuration.maximumAPIVersion.text
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8; api-version=\(versionText)")
        headers.add(name: "ActivityId", value: UUIDText.random())
        headers.add(name: "X-TFS-ProcessId", value: processID)
        headers.add(name: "X-VSS-E2EID", value: UUIDText.random())
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        for (name, value) in reply.headers { headers.add(name: name, value: value) }
        let body = reply.body.map { JSONWriter.bytes($0) } ?? []
        return HTTPServerResponse(status: reply.status, headers: headers, body: body)
    }

    private let processID = UUIDText.random()

    private func throttlingHeaders(_ fault: CountedFault) -> [(String, String)] {
        let reset = Int(Date().timeIntervalSince1970) + fault.retryAfterSeconds
        return [
            ("Retry-After", String(fault.retryAfterSeconds)),
            ("X-RateLimit-Resource", "Core"),
            ("X-RateLimit-Delay", String(format: "%.3f", Double(fault.retryAfterSeconds))),
            ("X-RateLimit-Limit", "200"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", String(reset)),
        ]
    }

    private func signInPageResponse(status: Int = 203) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: "text/html; charset=utf-8",
                           text: SignInPage.html(collectionURL: collectionURL))
    }

    private func signInRedirect() -> HTTPServerResponse {
        var headers = HTTPHeaders()
        let reply = URLPath.encode(collectionURL)
        headers.add(name: "Location", value: "\(collectionURL)/_signin?realm=\(listeningAddress)&reply_to=\(reply)")
        return HTTPServerResponse(status: 302, headers: headers, body: [])
    }
}
