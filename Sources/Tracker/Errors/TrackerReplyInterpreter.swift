import Foundation
import HTTP
import JSON

/// Turns what came back from the tracker (a response, or an HTTP failure) into JSON or a `TrackerError`
/// with a status from SPEC §3, an actionable message and the tracker's own words, secrets removed.
struct TrackerReplyInterpreter: Sendable {
    let redactor: SecretRedactor
    /// `host:port` of the tracker, for messages.
    let endpoint: String
    let apiVersion: String

    /// Longest upstream message kept; tracker messages are short, HTML pages are not.
    static let maximumUpstreamMessageLength = 500

    // MARK: - Replies

    /// The JSON body of a successful reply. A 2xx that is not JSON (a sign-in page) means the credentials
    /// were rejected.
    func json(from response: HTTPResponse, operation: String) throws -> JSONValue {
        if response.status == 203 || looksLikeHTML(response) {
            throw signInPage(response)
        }
        if response.status == 204 || response.body.isEmpty { return .null }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw TrackerError(
                status: .unauthenticated,
                message: "the tracker answered \(operation) with something other than JSON: the token was "
                    + "probably rejected; check it has not expired and that the host is the collection URL",
                upstream: TrackerUpstream(
                    httpStatus: response.status, message: "a reply that is not JSON", typeKey: nil
                )
            )
        }
    }

    /// The error for a reply whose status is not 2xx, with every secret removed from what it carries.
    func failure(for response: HTTPResponse, operation: String) -> TrackerError {
        redactor.redact(classify(response, operation: operation))
    }

    private func classify(_ response: HTTPResponse, operation: String) -> TrackerError {
        let upstream = upstream(of: response)
        let said = upstream.message.map { ": \($0)" } ?? ""
        let retryAfter = TrackerReplyInterpreter.retryAfterMilliseconds(response.headers)
        switch response.status {
        case 300..<400:
            return redirect(response, upstream: upstream)
        case 401:
            return TrackerError(
                status: .unauthenticated,
                message: "the token was rejected: check it has not expired or been revoked\(said)", upstream: upstream
            )
        case 403:
            return TrackerError(
                status: .permissionDenied,
                message: "the tracker denied \(operation): check the token's user may do this\(said)",
                upstream: upstream
            )
        case 404:
            return TrackerError(status: .notFound, message: "\(operation) failed: not found\(said)", upstream: upstream)
        case 400:
            return badRequest(operation: operation, upstream: upstream)
        case 409:
            return TrackerError(status: .aborted, message: "\(operation) conflicted with another change\(said)",
                                upstream: upstream)
        case 412:
            return TrackerError(status: .failedPrecondition, message: "\(operation) failed a precondition\(said)",
                                upstream: upstream)
        case 429:
            let wait = retryAfter.map { " after \($0) ms" } ?? " later"
            return TrackerError(
                status: .resourceExhausted,
                message: "the tracker is throttling requests: try again\(wait)\(said)",
                retryable: true, retryAfterMs: retryAfter, upstream: upstream
            )
        case 500, 502, 503, 504:
            return TrackerError(
                status: .unavailable,
                message: "the tracker at \(endpoint) answered HTTP \(response.status) to \(operation): "
                    + "try again later\(said)",
                retryable: true, retryAfterMs: retryAfter, upstream: upstream
            )
        default:
            return TrackerError(
                status: .unavailable,
                message: "the tracker at \(endpoint) answered HTTP \(response.status) to \(operation)\(said)",
                upstream: upstream
            )
        }
    }

    private func badRequest(operation: String, upstream: TrackerUpstream) -> TrackerError {
        let typeKey = upstream.typeKey ?? ""
        let text = upstream.message ?? ""
        let said = upstream.message.map { ": \($0)" } ?? ""
        if typeKey.hasPrefix("VssVersionOutOfRange") || typeKey.hasPrefix("VssInvalidPreviewVersion")
            || text.contains("out of range for this server")
        {
            return TrackerError(
                status: .failedPrecondition,
                message: "the tracker does not support API version \(apiVersion): "
                    + "set apiVersion to one it supports\(said)",
                upstream: upstream
            )
        }
        if text.contains("VS402625") || typeKey.contains("TestOperation") {
            return TrackerError(
                status: .aborted, message: "the work item changed meanwhile: read it again and retry\(said)",
                upstream: upstream
            )
        }
        return TrackerError(
            status: .invalidArgument, message: "the tracker refused \(operation)\(said)", upstream: upstream
        )
    }

    private func redirect(_ response: HTTPResponse, upstream: TrackerUpstream) -> TrackerError {
        let location = response.redirectLocation ?? response.headers["Location"] ?? ""
        let shown = redactor.redact(location.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "")
        let lowered = location.lowercased()
        if lowered.contains("signin") || lowered.contains("login") || lowered.contains("_signout")
            || lowered.contains("auth")
        {
            return TrackerError(
                status: .unauthenticated,
                message: "the tracker redirected to a sign-in page: the token was rejected; check it has not expired",
                upstream: TrackerUpstream(httpStatus: response.status, message: "redirect to \(shown)", typeKey: nil)
            )
        }
        return TrackerError(
            status: .failedPrecondition,
            message: "the tracker redirected to \(shown): set the host to the collection URL it redirects to",
            upstream: TrackerUpstream(
                httpStatus: response.status, message: "redirect to \(shown)", typeKey: upstream.typeKey
            )
        )
    }

    private func signInPage(_ response: HTTPResponse) -> TrackerError {
        TrackerError(
            status: .unauthenticated,
            message: "the tracker answered with a sign-in page: the token was rejected; check it has not expired",
            upstream: TrackerUpstream(httpStatus: response.status, message: "an HTML sign-in page", typeKey: nil)
        )
    }

    private func looksLikeHTML(_ response: HTTPResponse) -> Bool {
        if response.headers["Content-Type"]?.lowercased().contains("html") == true { return true }
        let start = response.body.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        return start.first == UInt8(ascii: "<")
    }

    /// The tracker's error envelope (`message`, `typeKey`), or a short description of a body that is not one.
    func upstream(of response: HTTPResponse) -> TrackerUpstream {
        guard !looksLikeHTML(response) else {
            return TrackerUpstream(httpStatus: response.status, message: "an HTML page", typeKey: nil)
        }
        guard let envelope = try? JSONParser.parse(response.body), envelope.objectValue != nil else {
            let text = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
            return TrackerUpstream(
                httpStatus: response.status, message: text.isEmpty ? nil : clipped(text), typeKey: nil
            )
        }
        return TrackerUpstream(
            httpStatus: response.status,
            message: envelope["message"]?.stringValue.map(clipped),
            typeKey: envelope["typeKey"]?.stringValue.map(clipped)
        )
    }

    /// The text cut to the longest kept length, then redacted (a secret cut in two is still a run of it).
    private func clipped(_ text: String) -> String {
        let limit = TrackerReplyInterpreter.maximumUpstreamMessageLength
        guard text.count > limit else { return redactor.redact(text) }
        return redactor.redact(String(text.prefix(limit))) + "…"
    }

    // MARK: - No reply

    /// The error for a request that got no HTTP response at all, with every secret removed.
    func failure(for error: HTTPError, operation: String, timeoutMilliseconds: UInt64) -> TrackerError {
        redactor.redact(classify(error, operation: operation, timeoutMilliseconds: timeoutMilliseconds))
    }

    private func classify(_ error: HTTPError, operation: String, timeoutMilliseconds: UInt64) -> TrackerError {
        let reason = error.systemReason ?? error.message
        let upstream = TrackerUpstream(httpStatus: nil, message: redactor.redact(error.message), typeKey: nil)
        switch error.kind {
        case .connect:
            return TrackerError(
                status: .unavailable, message: "could not connect to \(endpoint): \(reason)", retryable: true,
                upstream: upstream
            )
        case .dns:
            return TrackerError(
                status: .unavailable, message: "could not resolve the host of \(endpoint): check the host name",
                upstream: upstream
            )
        case .tls:
            return TrackerError(
                status: .unavailable,
                message: "the TLS handshake with \(endpoint) failed (\(error.message)): "
                    + "check the server's certificate, "
                    + "or set tls.caFile to the CA that signed it",
                upstream: upstream
            )
        case .timeout:
            return TrackerError(
                status: .deadlineExceeded,
                message: "the tracker at \(endpoint) did not finish \(operation) within \(timeoutMilliseconds) ms",
                retryable: true, upstream: upstream
            )
        case .connectionLost:
            return TrackerError(
                status: .unavailable, message: "the connection to \(endpoint) broke during \(operation): \(reason)",
                retryable: true, upstream: upstream
            )
        case .cancelled:
            return TrackerError.cancelled(operation)
        case .tooLarge:
            return TrackerError(
                status: .resourceExhausted,
                message: "the tracker's reply to \(operation) was too large: \(error.message)",
                upstream: upstream
            )
        case .protocol:
            return TrackerError(
                status: .unavailable, message: "\(operation) failed at \(endpoint): \(error.message)",
                upstream: upstream
            )
        case .other:
            return TrackerError(
                status: .unavailable, message: "\(operation) failed at \(endpoint): \(error.message)", retryable: true,
                upstream: upstream
            )
        }
    }

    // MARK: - Retry-After

    /// `Retry-After` in milliseconds: delta-seconds (possibly fractional) or an HTTP date, capped at
    /// `HostTrafficGate.maximumHoldOffMilliseconds` so that no caller schedules a retry further out than the
    /// gate would hold the host back.
    static func retryAfterMilliseconds(_ headers: HTTPHeaders, now: Date = Date()) -> Int? {
        guard let requested = requestedRetryAfterMilliseconds(headers, now: now) else { return nil }
        return Int(min(max(0, requested), Double(HostTrafficGate.maximumHoldOffMilliseconds)))
    }

    /// `Retry-After` in milliseconds as the tracker wrote it, rounded up.
    private static func requestedRetryAfterMilliseconds(_ headers: HTTPHeaders, now: Date) -> Double? {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 {
            return (seconds * 1000).rounded(.up)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return (date.timeIntervalSince(now) * 1000).rounded(.up)
    }
}
