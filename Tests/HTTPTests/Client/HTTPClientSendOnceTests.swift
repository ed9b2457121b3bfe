import EventLoop
import TestSupport
import Testing

@testable import HTTP

@Suite("HTTP client requests that must be sent once")
struct HTTPClientSendOnceTests {
    @Test("a send-once request whose connection drops reaches the server once and fails with connectionLost")
    func sendOnceIsNotResent() async throws {
        let server = try LoopbackHTTPServer { request in
            request.method == "POST" ? LoopbackHTTPServer.Reply(dropConnection: true) : .text("warm")
        }
        defer { server.stop() }

        let error = try await LoopHarness.run { loop in
            let client = HTTPClient(loop: loop)
            defer { client.close() }
            // A first request leaves a connection in the pool that a second request could reuse.
            _ = try await client.send(HTTPRequest(url: server.baseURL + "/warm"))
            let request = HTTPRequest(method: "POST", url: server.baseURL + "/create", body: Array("{}".utf8),
                                      sendOnce: true)
            return await HTTPClientTests.failure(of: request, on: client)
        }

        #expect(error?.kind == .connectionLost)
        #expect(server.requests.filter { $0.method == "POST" }.count == 1)
    }
}
