import EventLoop
import Foundation
import HTTP
import TestSupport
import Testing

@Suite("HTTP server")
struct HTTPServerTests {
    private static let loopback = ListenAddress.tcp(host: "127.0.0.1", port: 0)

    /// Answers every request with its method, decoded path and body, so a test sees what the server parsed.
    private static func echo(_ request: HTTPServerRequest, _ responder: HTTPServerResponder) {
        let text = "\(request.method) \(request.path) \(request.bodyText)"
        responder.respond(HTTPServerResponse(status: 200, contentType: "text/plain", text: text))
    }

    @Test("keep-alive serves several requests on one connection")
    func keepAlive() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback, handler: Self.echo)
            let port = try #require(server.boundPort)

            let responses = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write("GET /first HTTP/1.1\r\nHost: test\r\n\r\n")
                let first = try connection.readResponse()
                try connection.write("POST /second HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody")
                let second = try connection.readResponse()
                return [first, second]
            }.value
            server.close()

            #expect(responses.map(\.bodyText) == ["GET /first ", "POST /second body"])
            #expect(responses.allSatisfy { $0.header("Connection") == nil })
        }
    }

    @Test("pipelined requests are answered in order even when an earlier answer comes later")
    func pipelining() async throws {
        try await LoopHarness.run { loop in
            var handled: [String] = []
            let server = try HTTPServer(loop: loop, address: Self.loopback) { request, responder in
                handled.append(request.path)
                let response = HTTPServerResponse(status: 200, contentType: "text/plain", text: request.path)
                if request.path == "/slow" {
                    LoopTimer.once(on: loop, afterMilliseconds: 30) { responder.respond(response) }
                } else {
                    responder.respond(response)
                }
            }
            let port = try #require(server.boundPort)

            let bodies = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write(
                    "GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
                        + "GET /last HTTP/1.1\r\nHost: t\r\n\r\n"
                )
                return try (0..<3).map { _ in try connection.readResponse().bodyText }
            }.value
            server.close()

            #expect(bodies == ["/slow", "/fast", "/last"])
            #expect(handled == ["/slow", "/fast", "/last"])
        }
    }

    @Test("a chunked body is reassembled")
    func chunkedBody() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback, handler: Self.echo)
            let port = try #require(server.boundPort)

            let response = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write("POST /hook HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
                try connection.write("5\r\nhello\r\n")
                try connection.write("6\r\n world\r\n0\r\n\r\n")
                return try connection.readResponse()
            }.value
            server.close()

            #expect(response.status == 200)
            #expect(response.bodyText == "POST /hook hello world")
        }
    }

    @Test("a declared body over the limit gets 413 and the connection closes", arguments: [false, true])
    func oversizedBody(chunked: Bool) async throws {
        try await LoopHarness.run { loop in
            var handlerCalls = 0
            let configuration = HTTPServerConfiguration(maximumBodyBytes: 1024)
            let server = try HTTPServer(
                loop: loop, address: Self.loopback, configuration: configuration
            ) { request, responder in
                handlerCalls += 1
                Self.echo(request, responder)
            }
            let port = try #require(server.boundPort)

            let (response, rest) = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                let payload = String(repeating: "x", count: 2000)
                if chunked {
                    try connection.write("POST /big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
                    try connection.write("7d0\r\n\(payload)\r\n0\r\n\r\n")
                } else {
                    try connection.write("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n")
                }
                let response = try connection.readResponse()
                return (response, try connection.readUntilClosed())
            }.value
            server.close()

            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(rest.isEmpty)
            #expect(handlerCalls == 0)
        }
    }

    @Test("malformed input gets 400 and the connection closes", arguments: [
        "NOT-HTTP\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: twelve\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
    ])
    func malformed(input: String) async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback, handler: Self.echo)
            let port = try #require(server.boundPort)

            let (response, rest) = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write(input)
                let response = try connection.readResponse()
                return (response, try connection.readUntilClosed())
            }.value
            server.close()

            #expect(response.status == 400)
            #expect(rest.isEmpty)
        }
    }

    @Test("the target is split into a decoded path and query, and header names ignore case")
    func targetAndHeaders() async throws {
        try await LoopHarness.run { loop in
            var seen: HTTPServerRequest?
            let server = try HTTPServer(loop: loop, address: Self.loopback) { request, responder in
                seen = request
                responder.respond(HTTPServerResponse(status: 204))
            }
            let port = try #require(server.boundPort)

            let response = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write(
                    "GET /Project%200001/_apis/wit/workitems/$User%20Story?api-version=2.0&q=a+b%26c HTTP/1.1\r\n"
                        + "Host: t\r\nx-tfs-fedauthredirect: Suppress\r\n\r\n"
                )
                return try connection.readResponse()
            }.value
            server.close()

            let request = try #require(seen)
            #expect(response.status == 204)
            #expect(request.path == "/Project 0001/_apis/wit/workitems/$User Story")
            #expect(request.pathSegments == ["Project 0001", "_apis", "wit", "workitems", "$User Story"])
            #expect(request.queryValue("API-VERSION") == "2.0")
            #expect(request.queryValue("q") == "a b&c")
            #expect(request.headers["X-TFS-FedAuthRedirect"] == "Suppress")
        }
    }

    @Test("Expect: 100-continue gets an interim answer before the body is sent")
    func expectContinue() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback, handler: Self.echo)
            let port = try #require(server.boundPort)

            let (interim, final) = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write(
                    "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
                )
                let interim = try connection.readResponse()
                try connection.write("abc")
                return (interim, try connection.readResponse())
            }.value
            server.close()

            #expect(interim.status == 100)
            #expect(final.status == 200)
            #expect(final.bodyText == "POST /upload abc")
        }
    }

    @Test("a handler can drop the connection without answering")
    func dropConnection() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback) { _, responder in
                responder.dropConnection()
            }
            let port = try #require(server.boundPort)

            let received = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                return try connection.readUntilClosed()
            }.value
            server.close()

            #expect(received.isEmpty)
        }
    }

    @Test("an HTTP/1.0 request without keep-alive is answered and the connection closed")
    func http10Closes() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback, handler: Self.echo)
            let port = try #require(server.boundPort)

            let (response, rest) = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write("GET /old HTTP/1.0\r\n\r\n")
                let response = try connection.readResponse()
                return (response, try connection.readUntilClosed())
            }.value
            server.close()

            #expect(response.bodyText == "GET /old ")
            #expect(response.header("Connection") == "close")
            #expect(rest.isEmpty)
        }
    }

    @Test("a client that half-closes after its request still gets the answer")
    func halfClose() async throws {
        try await LoopHarness.run { loop in
            let server = try HTTPServer(loop: loop, address: Self.loopback) { request, responder in
                LoopTimer.once(on: loop, afterMilliseconds: 10) { Self.echo(request, responder) }
            }
            let port = try #require(server.boundPort)

            let response = try await Task.detached {
                let connection = try RawHTTPConnection(port: port)
                try connection.write("GET /later HTTP/1.1\r\nHost: t\r\n\r\n")
                connection.finishWriting()
                return try connection.readResponse()
            }.value
            server.close()

            #expect(response.bodyText == "GET /later ")
            #expect(response.header("Connection") == "close")
        }
    }

    @Test("a connection that stalls inside a request gets 408; an idle one is closed quietly")
    func idleTimeout() async throws {
        try await LoopHarness.run { loop in
            let configuration = HTTPServerConfiguration(idleTimeoutMilliseconds: 50)
            let server = try HTTPServer(
                loop: loop, address: Self.loopback, configuration: configuration, handler: Self.echo
            )
            let port = try #require(server.boundPort)

            let (stalled, idle) = try await Task.detached {
                let stalled = try RawHTTPConnection(port: port)
                try stalled.write("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
                let idle = try RawHTTPConnection(port: port)
                try idle.write("GET /once HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try idle.readResponse()
                return (try stalled.readResponse(), try idle.readUntilClosed())
            }.value
            server.close()

            #expect(stalled.status == 408)
            #expect(idle.isEmpty)
        }
    }

    @Test("a request head still trickling in at the head deadline gets 408, while a slow body does not")
    func headDeadline() async throws {
        try await LoopHarness.run { loop in
            let configuration = HTTPServerConfiguration(idleTimeoutMilliseconds: 10_000, headTimeoutMilliseconds: 100)
            let server = try HTTPServer(
                loop: loop, address: Self.loopback, configuration: configuration, handler: Self.echo
            )
            let port = try #require(server.boundPort)

            let (trickled, slowBody) = try await Task.detached {
                let trickling = try RawHTTPConnection(port: port)
                try trickling.write("GET /trickle HTTP/1.1\r\n")
                var line = 0
                // Each header line keeps the idle timeout from ever passing; only the head deadline can end it.
                while !trickling.hasInput(withinMilliseconds: 20) {
                    line += 1
                    guard line <= 500 else { throw RawHTTPConnectionError("the trickling head was never refused") }
                    try trickling.write("X-Trickle-\(line): yes\r\n")
                }
                let trickled = try trickling.readResponse()

                let slow = try RawHTTPConnection(port: port)
                try slow.write("POST /slow-body HTTP/1.1\r\nHost: t\r\nContent-Length: 8\r\n\r\n")
                for byte in "abcdefgh" {
                    _ = slow.hasInput(withinMilliseconds: 40)
                    try slow.write(String(byte))
                }
                return (trickled, try slow.readResponse())
            }.value
            server.close()

            #expect(trickled.status == 408)
            #expect(trickled.bodyText.contains("request head"))
            #expect(trickled.header("Connection") == "close")
            #expect(slowBody.status == 200)
            #expect(slowBody.bodyText == "POST /slow-body abcdefgh")
        }
    }

    @Test("connections beyond the limit are closed at once, and one that closes makes room")
    func connectionLimit() async throws {
        try await LoopHarness.run { loop in
            let configuration = HTTPServerConfiguration(maximumConnections: 2)
            let server = try HTTPServer(
                loop: loop, address: Self.loopback, configuration: configuration, handler: Self.echo
            )
            let port = try #require(server.boundPort)

            let (refused, afterRoom) = try await Task.detached {
                let first = try RawHTTPConnection(port: port)
                try first.write("GET /first HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try first.readResponse()
                let second = try RawHTTPConnection(port: port)
                try second.write("GET /second HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try second.readResponse()

                let third = try RawHTTPConnection(port: port)
                try? third.write("GET /third HTTP/1.1\r\nHost: t\r\n\r\n")
                let refused = try third.readUntilClosed()

                try first.write("GET /bye HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                _ = try first.readResponse()
                _ = try first.readUntilClosed()
                let fourth = try RawHTTPConnection(port: port)
                try fourth.write("GET /fourth HTTP/1.1\r\nHost: t\r\n\r\n")
                return (refused, try fourth.readResponse())
            }.value
            let refusedCount = server.refusedConnectionCount
            server.close()

            #expect(refused.isEmpty)
            #expect(refusedCount == 1)
            #expect(afterRoom.status == 200)
            #expect(afterRoom.bodyText == "GET /fourth ")
        }
    }
}
