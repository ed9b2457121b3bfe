import EventLoop
import HTTP
import JSON
import Logging

/// The Azure DevOps / TFS REST client (SPEC §9): Basic auth with a personal access token, routes under one
/// collection URL, every failure turned into a `TrackerError`, transient failures retried, and requests to
/// a host bounded by a shared `HostTrafficGate`.
///
/// Loop-confined: call it from a task whose executor preference is the loop. The operations themselves
/// live in the `AzureDevOpsClient+…` files, one per resource.
public final class AzureDevOpsClient {
    public let loop: EventLoop
    /// `host:port` of the tracker.
    public let endpoint: String
    public let apiVersion: String
    public let retryPolicy: RetryPolicy
    /// Requests sent, retries included; for tests and diagnostics.
    public private(set) var requestsSent = 0

    let collection: CollectionURL
    let connection: AzureDevOpsConnection
    let http: HTTPClient
    let gate: HostTrafficGate
    let interpreter: TrackerReplyInterpreter
    let logger: Logger
    private let credentials: HTTPBasicCredentials
    /// Who this client is to the host's traffic gate: a hash of its credentials (never the token itself),
    /// so a pause the tracker asked of these credentials holds back only clients that sign in with them.
    private let caller: Int

    /// Checks the settings without contacting the tracker.
    ///
    /// - Throws: `TrackerError` with INVALID_ARGUMENT when the host is not an http(s) collection URL or the
    ///   token is empty.
    public init(
        connection: AzureDevOpsConnection, http: HTTPClient, gate: HostTrafficGate? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "tracker")
    ) throws {
        collection = try CollectionURL(connection.host)
        guard !connection.personalAccessToken.isEmpty else {
            throw TrackerError(status: .invalidArgument, message: "the personal access token is empty: give one")
        }
        guard !connection.personalAccessToken.contains(where: { $0.isNewline }) else {
            throw TrackerError(
                status: .invalidArgument, message: "the personal access token contains a line break: paste it again"
            )
        }
        self.connection = connection
        self.http = http
        loop = http.loop
        self.gate = gate ?? HostTrafficGate(loop: http.loop)
        self.retryPolicy = retryPolicy
        self.logger = logger
        endpoint = collection.endpoint
        apiVersion = connection.apiVersion
        credentials = HTTPBasicCredentials(
            username: connection.username ?? "", password: connection.personalAccessToken
        )
        var identity = Hasher()
        identity.combine(connection.username ?? "")
        identity.combine(connection.personalAccessToken)
        caller = identity.finalize()
        interpreter = TrackerReplyInterpreter(
            redactor: SecretRedactor(personalAccessToken: connection.personalAccessToken,
                                     username: connection.username ?? ""),
            endpoint: collection.endpoint, apiVersion: connection.apiVersion
        )
        if connection.tls.insecureSkipVerify {
            logger.warning("TLS verification is off for this tracker: its identity is not checked",
                           ["tracker.endpoint": endpoint])
        }
    }

    /// `api-version=…` for routes that take it.
    var versionQuery: (String, String) { ("api-version", apiVersion) }

    // MARK: - Calls with retries

    /// Sends a call, retrying transient failures under the retry policy, and returns its JSON.
    func perform(_ call: TrackerCall) async throws -> TrackerReply {
        var attempt = 1
        while true {
            let failure: AttemptFailure
            do {
                return try await attemptOnce(call, attempt: attempt)
            } catch let failed as AttemptFailure {
                failure = failed
            }
            let delay = retryPolicy.delay(
                after: failure.error, attempt: attempt, repeatable: call.repeatable, neverSent: failure.neverSent
            )
            guard let delay else {
                logger.info("tracker call failed", [
                    "tracker.operation": call.operation, "tracker.endpoint": endpoint,
                    "tracker.status": failure.error.status.name, "attempt": attempt,
                ])
                throw failure.error
            }
            logger.notice("tracker call will be retried", [
                "tracker.operation": call.operation, "tracker.endpoint": endpoint,
                "tracker.status": failure.error.status.name, "attempt": attempt, "retry.delay.ms": delay,
            ])
            do {
                try await pause(milliseconds: delay, operation: call.operation)
            } catch let cancelled as AttemptFailure {
                throw cancelled.error
            }
            attempt += 1
        }
    }

    private func attemptOnce(_ call: TrackerCall, attempt: Int) async throws -> TrackerReply {
        try await waitForHoldOff(call)
        do {
            try await gate.enter(host: endpoint)
        } catch {
            throw AttemptFailure(error: .cancelled(call.operation), neverSent: true)
        }
        let started = loop.nowMilliseconds
        requestsSent += 1
        let outcome: Result<HTTPResponse, HTTPError>
        do {
            outcome = .success(try await http.send(request(for: call)))
        } catch let error as HTTPError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(HTTPError(kind: .other, message: "\(error)", endpoint: endpoint))
        }
        gate.leave(host: endpoint)
        return try await interpret(outcome, of: call, attempt: attempt, elapsed: loop.nowMilliseconds &- started)
    }

    private func interpret(
        _ outcome: Result<HTTPResponse, HTTPError>, of call: TrackerCall, attempt: Int, elapsed: UInt64
    ) async throws -> TrackerReply {
        switch outcome {
        case .failure(let error):
            logger.debug("tracker call got no reply", [
                "tracker.operation": call.operation, "tracker.endpoint": endpoint, "http.error": error.kind.rawValue,
                "attempt": attempt, "duration.ms": elapsed,
            ])
            let classified = interpreter.failure(
                for: error, operation: call.operation, timeoutMilliseconds: connection.requestTimeoutMilliseconds
            )
            throw AttemptFailure(error: classified, neverSent: error.kind == .connect || error.kind == .dns)
        case .success(let response):
            logger.debug("tracker call answered", [
                "tracker.operation": call.operation, "tracker.endpoint": endpoint, "http.status": response.status,
                "attempt": attempt, "duration.ms": elapsed,
            ])
            if let retryAfter = TrackerReplyInterpreter.retryAfterMilliseconds(response.headers) {
                gate.holdOff(host: endpoint, caller: caller, milliseconds: retryAfter)
            }
            guard response.isSuccess else {
                var error = interpreter.failure(for: response, operation: call.operation)
                if response.status == 401, call.needsWorkItemScope {
                    error = await scopeFailure(replacing: error)
                }
                throw AttemptFailure(error: error, neverSent: response.status == 429)
            }
            do {
                let json = try interpreter.json(from: response, operation: call.operation)
                return TrackerReply(response: response, json: json)
            } catch let error as TrackerError {
                throw AttemptFailure(error: error, neverSent: false)
            }
        }
    }

    /// Waits while the host asked for a pause (`Retry-After`); a pause longer than the retry policy accepts
    /// fails the call at once with RESOURCE_EXHAUSTED, without sending it.
    private func waitForHoldOff(_ call: TrackerCall) async throws {
        let remaining = gate.remainingHoldOff(host: endpoint, caller: caller)
        guard remaining <= retryPolicy.maximumRetryAfterMilliseconds else {
            let error = TrackerError(
                status: .resourceExhausted,
                message: "the tracker asked for a pause of \(remaining) ms before \(call.operation): try again then",
                retryable: true, retryAfterMs: Int(remaining)
            )
            throw AttemptFailure(error: error, neverSent: true)
        }
        try await pause(milliseconds: remaining, operation: call.operation)
    }

    /// A 401 on a work item route while `connectionData` still answers means the token signs in but lacks
    /// the work item scope.
    private func scopeFailure(replacing error: TrackerError) async -> TrackerError {
        guard (try? await connectionData()) != nil else { return error }
        return TrackerError(
            status: .permissionDenied,
            message: "the token lacks the Work items (read and write) scope: create a token with that scope",
            upstream: error.upstream
        )
    }

    private func pause(milliseconds: UInt64, operation: String) async throws {
        do {
            try await LoopDelay.wait(milliseconds: milliseconds, on: loop)
        } catch {
            throw AttemptFailure(error: .cancelled(operation), neverSent: true)
        }
    }

    private func request(for call: TrackerCall) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "X-TFS-FedAuthRedirect", value: "Suppress")
        headers.add(name: "User-Agent", value: "tracker-bridge")
        var body: [UInt8]?
        if let json = call.body {
            headers.add(name: "Content-Type", value: call.contentType)
            body = JSONWriter.bytes(json)
        }
        return HTTPRequest(
            method: call.method, url: collection.url(call.segments, query: call.query), headers: headers, body: body,
            credentials: credentials, connectTimeoutMilliseconds: connection.connectTimeoutMilliseconds,
            totalTimeoutMilliseconds: connection.requestTimeoutMilliseconds, tls: connection.httpTLSOptions,
            sendOnce: !call.repeatable
        )
    }

    /// The error for a reply that parsed as JSON but not in the shape the route promises.
    func unexpectedReply(_ reply: TrackerReply, operation: String, expected: String) -> TrackerError {
        TrackerError(
            status: .unavailable,
            message: "the tracker's reply to \(operation) was not understood (expected \(expected)): "
                + "check the host is an Azure DevOps or TFS collection URL",
            upstream: TrackerUpstream(httpStatus: reply.response.status, message: nil, typeKey: nil)
        )
    }
}
