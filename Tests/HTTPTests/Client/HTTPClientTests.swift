import EventLoop
import Foundation
import Logging
import TestSupport
import Testing

@testable import HTTP

@Suite("HTTP client on libcurl and the event loop")
struct HTTPClientTests {
    @Test("a GET returns status, repeated headers with case-insensitive lookup, and the body")
    func getReturnsResponse() async throws {
        let server = try LoopbackHTTPServer { _ in
            .text("hello", status: 201, headers: [("Set-Thing", "a"), ("set-thing", "b"), ("X-Kind", "greeting")])
        }
        defer { server.stop() }

        let response = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return try await client.send(HTTPRequest(url: server.baseURL + "/greeting?x=1"))
        }

        #expect(response.status == 201)
        #expect(response.bodyText == "hello")
        #expect(response.headers["x-kind"] == "greeting")
        #expect(response.headers.values(for: "SET-THING") == ["a", "b"])
        #expect(response.effectiveURL == server.baseURL + "/greeting?x=1")
        #expect(response.redirectLocation == nil)
        #expect(server.requests.first?.target == "/greeting?x=1")
    }

    @Test("method, headers and body reach the server", arguments: ["POST", "PATCH", "PUT"])
    func requestBodyAndHeaders(method: String) async throws {
        let server = try LoopbackHTTPServer { request in .text(String(decoding: request.body, as: UTF8.self)) }
        defer { server.stop() }
        let payload = Array(#"[{"op":"add","path":"/fields/System.Title","value":"x\u0000y"}]"#.utf8) + [0, 1, 2]

        let response = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            var request = HTTPRequest(method: method, url: server.baseURL + "/items", body: payload)
            request.headers.add(name: "Content-Type", value: "application/json-patch+json")
            request.headers.add(name: "X-TFS-FedAuthRedirect", value: "Suppress")
            return try await client.send(request)
        }

        let received = try #require(server.requests.first)
        #expect(received.method == method)
        #expect(received.body == payload)
        #expect(received.header("content-type") == "application/json-patch+json")
        #expect(received.header("x-tfs-fedauthredirect") == "Suppress")
        #expect(received.header("expect") == nil)
        #expect(response.body == payload)
    }

    @Test("sequential requests to one host reuse the connection")
    func connectionReuse() async throws {
        let server = try LoopbackHTTPServer { _ in .text("ok") }
        defer { server.stop() }

        try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            for index in 0..<5 {
                _ = try await client.send(HTTPRequest(url: server.baseURL + "/\(index)"))
            }
        }

        #expect(server.requests.count == 5)
        #expect(server.acceptedConnectionCount == 1)
        #expect(Set(server.requests.map(\.connectionNumber)) == [1])
    }

    @Test("many concurrent requests on one loop all finish")
    func manyConcurrentRequests() async throws {
        let server = try LoopbackHTTPServer { request in .text(request.target) }
        defer { server.stop() }
        let count = 64

        let bodies = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<count {
                    group.addTask { try await client.send(HTTPRequest(url: server.baseURL + "/n/\(index)")).bodyText }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
        }

        #expect(bodies == Set((0..<count).map { "/n/\($0)" }))
        #expect(server.requests.count == count)
    }

    @Test("a body over the cap fails with tooLarge")
    func responseCap() async throws {
        let server = try LoopbackHTTPServer { _ in .text(String(repeating: "x", count: 10_000)) }
        defer { server.stop() }

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            var request = HTTPRequest(url: server.baseURL + "/big")
            request.maximumResponseBytes = 1_000
            return await Self.failure(of: request, on: client)
        }

        #expect(error?.kind == .tooLarge)
    }

    @Test("a server that never answers hits the total timeout")
    func totalTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Reply(neverAnswer: true) }
        defer { server.stop() }

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            var request = HTTPRequest(url: server.baseURL + "/slow")
            request.totalTimeoutMilliseconds = 200
            return await Self.failure(of: request, on: client)
        }

        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
    }

    @Test("a refused connection is a connect error naming the endpoint")
    func connectionRefused() async throws {
        let port = try Self.closedPort()

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return await Self.failure(of: HTTPRequest(url: "http://127.0.0.1:\(port)/"), on: client)
        }

        #expect(error?.kind == .connect)
        #expect(error?.endpoint == "127.0.0.1:\(port)")
        #expect(error?.systemReason == "connection refused")
    }

    @Test("a server that drops the connection is connectionLost")
    func droppedConnection() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Reply(dropConnection: true) }
        defer { server.stop() }

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return await Self.failure(of: HTTPRequest(url: server.baseURL + "/"), on: client)
        }

        #expect(error?.kind == .connectionLost)
    }

    @Test("https to a plain HTTP server fails the TLS handshake, and insecure mode logs a warning")
    func tlsFailureAndInsecureWarning() async throws {
        let server = try LoopbackHTTPServer { _ in .text("not tls") }
        defer { server.stop() }
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("http-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logFile) }
        let handle = try FileHandle(forWritingTo: logFile)
        defer { try? handle.close() }
        let logger = Logger(label: "http.client", sink: LogSink(fileDescriptor: handle.fileDescriptor))

        let (verified, insecure) = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop, logger: logger)
            defer { client.close() }
            let url = "https://127.0.0.1:\(server.port)/"
            let verified = await Self.failure(of: HTTPRequest(url: url), on: client)
            let insecure = await Self.failure(
                of: HTTPRequest(url: url, tls: HTTPTLSOptions(insecureSkipVerify: true)), on: client
            )
            return (verified, insecure)
        }

        #expect(verified?.kind == .tls)
        #expect(insecure?.kind == .tls)
        let log = try String(contentsOf: logFile, encoding: .utf8)
        #expect(log.contains("warning http.client: TLS verification is off"))
        #expect(log.contains("http.endpoint=127.0.0.1:\(server.port)"))
    }

    @Test("cancelling the task removes the request and throws cancelled")
    func cancellation() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Reply(neverAnswer: true) }
        defer { server.stop() }

        let (error, active) = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            let task = Task(executorPreference: loop) {
                try await client.send(HTTPRequest(url: server.baseURL + "/hang"))
            }
            await server.waitForRequests(1)
            task.cancel()
            let outcome = await task.result
            let error = (try? outcome.get()) == nil ? outcome.failureError as? HTTPError : nil
            return (error, client.activeRequestCount)
        }

        #expect(error?.kind == .cancelled)
        #expect(active == 0)
    }

    @Test("non-HTTP schemes are refused before any request", arguments: ["file:///etc/passwd", "gopher://127.0.0.1/"])
    func otherSchemesRefused(url: String) async throws {
        let (error, started) = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            let error = await Self.failure(of: HTTPRequest(url: url), on: client)
            return (error, client.startedRequestCount)
        }

        #expect(error?.kind == .protocol)
        #expect(started == 0)
    }

    @Test("redirects are not followed unless asked, and the location is reported")
    func redirectNotFollowed() async throws {
        let server = try LoopbackHTTPServer { _ in .text("", status: 302, headers: [("Location", "/_signin?r=1")]) }
        defer { server.stop() }

        let response = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return try await client.send(HTTPRequest(url: server.baseURL + "/_apis/projects"))
        }

        #expect(response.status == 302)
        #expect(response.redirectLocation == server.baseURL + "/_signin?r=1")
        #expect(server.requests.count == 1)
    }

    @Test("a followed redirect to another host does not carry the credentials")
    func credentialsStayWithTheHost() async throws {
        let other = try LoopbackHTTPServer { _ in .text("elsewhere") }
        defer { other.stop() }
        let origin = try LoopbackHTTPServer { request in
            request.target == "/start"
                ? .text("", status: 302, headers: [("Location", "/same-host")])
                : .text("", status: 302, headers: [("Location", "http://localhost:\(other.port)/landing")])
        }
        defer { origin.stop() }
        let secret = "pat-\(UUID().uuidString)"

        let response = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            var request = HTTPRequest(url: origin.baseURL + "/start", followRedirects: true)
            request.credentials = HTTPBasicCredentials(username: "", password: secret)
            return try await client.send(request)
        }

        #expect(response.bodyText == "elsewhere")
        #expect(origin.requests.map(\.target) == ["/start", "/same-host"])
        let expected = "Basic " + Data(":\(secret)".utf8).base64EncodedString()
        #expect(origin.requests.allSatisfy { $0.header("Authorization") == expected })
        let landing = try #require(other.requests.first)
        #expect(landing.header("Authorization") == nil)
        #expect(!landing.headers.contains { $0.1.contains(Data(":\(secret)".utf8).base64EncodedString()) })
    }

    @Test("a followed redirect to a non-HTTP scheme is refused")
    func redirectToFileRefused() async throws {
        let server = try LoopbackHTTPServer { _ in
            .text("", status: 302, headers: [("Location", "file:///etc/passwd")])
        }
        defer { server.stop() }

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return await Self.failure(of: HTTPRequest(url: server.baseURL + "/", followRedirects: true), on: client)
        }

        #expect(error?.kind == .protocol)
    }

    @Test("the callback API completes once, after send returns")
    func callbackAPI() async throws {
        let server = try LoopbackHTTPServer { _ in .text("cb") }
        defer { server.stop() }

        let (status, returnedFirst) = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            return await withCheckedContinuation { (continuation: CheckedContinuation<(Int, Bool), Never>) in
                var returned = false
                client.send(HTTPRequest(url: server.baseURL + "/")) { result in
                    continuation.resume(returning: ((try? result.get().status) ?? -1, returned))
                }
                returned = true
            }
        }

        #expect(status == 200)
        #expect(returnedFirst)
    }

    // MARK: - Helpers

    static func failure(of request: HTTPRequest, on client: HTTPClient) async -> HTTPError? {
        do {
            _ = try await client.send(request)
            return nil
        } catch {
            return error as? HTTPError
        }
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let server = try LoopbackHTTPServer { _ in .text("") }
        let port = server.port
        server.stop()
        return port
    }
}
