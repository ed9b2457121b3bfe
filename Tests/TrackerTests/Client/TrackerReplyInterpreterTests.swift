import Foundation
import HTTP
import JSON
import Testing

@testable import Tracker

@Suite("Tracker replies and failures mapped to statuses")
struct TrackerReplyInterpreterTests {
    static let token = "s3cr3t-token-value-0123456789"
    let interpreter = TrackerReplyInterpreter(
        redactor: SecretRedactor(personalAccessToken: TrackerReplyInterpreterTests.token, username: "me"),
        endpoint: "tfs:8080", apiVersion: "5.0"
    )

    static func response(
        _ status: Int, _ body: String = "", headers: HTTPHeaders = [:], location: String? = nil
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8), effectiveURL: "http://tfs:8080/c",
                     redirectLocation: location)
    }

    static func envelope(_ message: String, typeKey: String) -> String {
        JSONWriter.string([
            "$id": "1", "innerException": nil, "message": .string(message),
            "typeName": .string("Microsoft.\(typeKey), Microsoft.TeamFoundation"), "typeKey": .string(typeKey),
            "errorCode": 0, "eventId": 3000,
        ])
    }

    @Test("each HTTP status maps to its SPEC status", arguments: [
        (401, TrackerStatus.unauthenticated), (403, .permissionDenied), (404, .notFound), (400, .invalidArgument),
        (409, .aborted), (429, .resourceExhausted), (500, .unavailable), (502, .unavailable), (503, .unavailable),
        (504, .unavailable),
    ])
    func statusMapping(httpStatus: Int, expected: TrackerStatus) {
        let body = Self.envelope("TF0000: something", typeKey: "SomeException")

        let error = interpreter.failure(for: Self.response(httpStatus, body), operation: "list projects")

        #expect(error.status == expected)
        #expect(error.upstream == TrackerUpstream(httpStatus: httpStatus, message: "TF0000: something",
                                                  typeKey: "SomeException"))
    }

    @Test("429 carries retryAfterMs from Retry-After and is retryable")
    func throttled() {
        let error = interpreter.failure(
            for: Self.response(429, Self.envelope("TF400733: Request was blocked", typeKey: "RequestBlockedException"),
                               headers: ["Retry-After": "3"]),
            operation: "list projects"
        )

        #expect(error.status == .resourceExhausted)
        #expect(error.retryAfterMs == 3000)
        #expect(error.retryable)
    }

    @Test("a version out of range is FAILED_PRECONDITION naming apiVersion")
    func versionOutOfRange() {
        let body = Self.envelope(
            "The requested REST API version of 5.0 is out of range for this server.",
            typeKey: "VssVersionOutOfRangeException"
        )

        let error = interpreter.failure(for: Self.response(400, body), operation: "list projects")

        #expect(error.status == .failedPrecondition)
        #expect(error.message.contains("apiVersion"))
    }

    @Test("a failed test operation is ABORTED, a rule error INVALID_ARGUMENT")
    func ruleErrors() {
        let failedTest = interpreter.failure(
            for: Self.response(400, Self.envelope("VS402625: The 'test' operation failed.", typeKey: "X")),
            operation: "update"
        )
        let rule = interpreter.failure(
            for: Self.response(400, Self.envelope("TF401320: Rule Error for field Title.",
                                                  typeKey: "RuleValidationException")),
            operation: "create"
        )

        #expect(failedTest.status == .aborted)
        #expect(rule.status == .invalidArgument)
        #expect(rule.upstream?.typeKey == "RuleValidationException")
    }

    @Test("203, HTML and non-JSON 2xx replies are UNAUTHENTICATED")
    func signInPages() {
        let html = "<html><head><title>Sign In</title></head></html>"
        for response in [
            Self.response(203, html), Self.response(200, html, headers: ["Content-Type": "text/html"]),
            Self.response(200, "  <!DOCTYPE html>"), Self.response(200, "not json"),
        ] {
            do {
                _ = try interpreter.json(from: response, operation: "x")
                Issue.record("a sign-in page was taken for JSON")
            } catch let error as TrackerError {
                #expect(error.status == .unauthenticated)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("a redirect to a sign-in page is UNAUTHENTICATED; elsewhere, FAILED_PRECONDITION")
    func redirects() {
        let signIn = interpreter.failure(
            for: Self.response(302, location: "https://login.example.com/_signin?realm=x"), operation: "x"
        )
        let moved = interpreter.failure(for: Self.response(301, location: "https://new.example.com/c"), operation: "x")

        #expect(signIn.status == .unauthenticated)
        #expect(moved.status == .failedPrecondition)
        #expect(moved.message.contains("https://new.example.com/c"))
    }

    @Test("the token is removed from upstream messages, in clear and in Basic form")
    func redactsSecrets() {
        let basic = Data("me:\(Self.token)".utf8).base64EncodedString()
        let body = Self.envelope("token \(Self.token) and header Basic \(basic) refused", typeKey: "X")

        let error = interpreter.failure(for: Self.response(401, body), operation: "x")

        let message = error.upstream?.message ?? ""
        #expect(!message.contains(Self.token))
        #expect(!message.contains(basic))
        #expect(message.contains(SecretRedactor.replacement))
        #expect(!error.message.contains(Self.token))
    }

    @Test("the token is removed from typeKey too, in any letter case, and a long piece of it wherever it appears")
    func redactsEveryUpstreamString() {
        let bare = Data(":\(Self.token)".utf8).base64EncodedString()
        let piece = String(Self.token.prefix(SecretRedactor.minimumRun + 2))
        let body = Self.envelope(
            "bad \(Self.token.uppercased()) then \(piece) then Basic \(bare.lowercased())", typeKey: Self.token
        )

        let error = interpreter.failure(for: Self.response(400, body), operation: "x")

        let said = [error.message, error.upstream?.message ?? "", error.upstream?.typeKey ?? ""].joined(separator: "|")
        #expect(!said.lowercased().contains(Self.token.lowercased()))
        #expect(!said.lowercased().contains(piece.lowercased()))
        #expect(!said.lowercased().contains(bare.lowercased()))
        #expect(error.upstream?.typeKey == SecretRedactor.replacement)
        #expect(said.contains("bad [redacted] then [redacted] then Basic [redacted]"))
    }

    @Test("a short run shared with the token is kept, and a failure without a reply is redacted too")
    func redactsOnlyRunsOfTheToken() {
        let short = String(Self.token.prefix(SecretRedactor.minimumRun - 1))
        let body = Self.envelope("field \(short) is invalid", typeKey: "RuleValidationException")

        let kept = interpreter.failure(for: Self.response(400, body), operation: "x")
        let noReply = interpreter.failure(
            for: HTTPError(kind: .other, message: "sent \(Self.token.uppercased())", endpoint: "tfs:8080"),
            operation: "x", timeoutMilliseconds: 1000
        )

        #expect(kept.upstream?.message == "field \(short) is invalid")
        #expect(!noReply.message.lowercased().contains(Self.token.lowercased()))
        #expect(noReply.upstream?.message == "sent [redacted]")
    }

    @Test("connection, DNS and TLS failures are UNAVAILABLE; timeouts DEADLINE_EXCEEDED", arguments: [
        (HTTPError.Kind.connect, TrackerStatus.unavailable), (.dns, .unavailable), (.tls, .unavailable),
        (.connectionLost, .unavailable), (.timeout, .deadlineExceeded), (.cancelled, .cancelled),
    ])
    func transportFailures(kind: HTTPError.Kind, expected: TrackerStatus) {
        let error = interpreter.failure(
            for: HTTPError(kind: kind, curlCode: 7, message: "boom", systemErrno: ECONNREFUSED, endpoint: "tfs:8080"),
            operation: "list projects", timeoutMilliseconds: 1000
        )

        #expect(error.status == expected)
        #expect(error.upstream?.httpStatus == nil || kind == .cancelled)
    }

    @Test("a refused connection says where and why")
    func connectMessage() {
        let error = interpreter.failure(
            for: HTTPError(kind: .connect, curlCode: 7, message: "Failed to connect", systemErrno: ECONNREFUSED,
                           endpoint: "tfs:8080"),
            operation: "x", timeoutMilliseconds: 1000
        )

        #expect(error.message == "could not connect to tfs:8080: connection refused")
        #expect(error.retryable)
    }

    @Test("Retry-After is read as seconds or as an HTTP date, at most the gate's longest pause")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "2"], now: now) == 2000)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "0.25"], now: now) == 250)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["retry-after": "Mon, 12 Jan 1970 13:46:45 GMT"],
                                                               now: now) == 5000)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "soon"], now: now) == nil)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds([:], now: now) == nil)
        let cap = Int(HostTrafficGate.maximumHoldOffMilliseconds)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "100000"], now: now) == cap)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "1e300"], now: now) == cap)
        #expect(TrackerReplyInterpreter.retryAfterMilliseconds(["Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"],
                                                               now: now) == cap)
    }
}
