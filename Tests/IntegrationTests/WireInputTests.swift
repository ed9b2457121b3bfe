import JSON
import Testing
import TestSupport

/// Awkward input on the wire, sent to the real server: each case must be answered correctly and must leave
/// the connection (and the server) serving.
@Suite("wire input against the real server")
struct WireInputTests {
    private static let parseError = -32700
    private static let invalidRequest = -32600

    private func healthCheckLine(id: Int) -> String {
        #"{"jsonrpc":"2.0","method":"health.check","params":{},"id":\#(id)}"#
    }

    @Test("a request written one byte at a time is answered")
    func oneByteAtATime() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        for byte in Array((healthCheckLine(id: 7) + "\n").utf8) {
            try client.writeRaw([byte])
        }

        let reply = try client.reply(to: 7)
        #expect(try reply.requireResult()["status"] == "SERVING")
    }

    @Test("1,000 requests in one write get 1,000 replies, each matched by id")
    func thousandRequestsInOneWrite() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let ids = Array(1...1000)

        let lines = ids.map { healthCheckLine(id: $0) + "\n" }.joined()
        try client.writeRaw(Array(lines.utf8))

        for id in ids {
            let reply = try client.reply(to: .number(JSONNumber(id)))
            #expect(try reply.requireResult()["status"] == "SERVING")
        }
        #expect(try client.messagesBeforeMarker().isEmpty)
    }

    @Test("an oversized line gets Invalid Request with a null id, and the next request on the connection works")
    func oversizedLineThenValidRequest() throws {
        let limit = 64 * 1024
        let server = try TrackerBridgeServer.start(arguments: ["--max-message-bytes", String(limit)])
        let client = try server.connect()

        let padding = String(repeating: "x", count: limit * 16)
        try client.writeLine(#"{"jsonrpc":"2.0","method":"health.check","params":{"service":"\#(padding)"},"id":1}"#)
        try client.writeLine(healthCheckLine(id: 2))

        let rejection = try client.nextMessage()
        let error = try RPCReply(rejection).requireError()
        #expect(rejection["id"] == .null)
        #expect(error.code == Self.invalidRequest)
        #expect(try client.reply(to: 2).requireResult()["status"] == "SERVING")
    }

    @Test("nesting 100,000 deep is a Parse error, not a crash")
    func deepNesting() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let depth = 100_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try client.writeLine(#"{"jsonrpc":"2.0","method":"health.check","params":{"deep":\#(nested)},"id":1}"#)
        try client.writeLine(nested)

        for _ in 0..<2 {
            let message = try client.nextMessage()
            #expect(message["id"] == .null)
            #expect(try RPCReply(message).requireError().code == Self.parseError)
        }
        #expect(try client.call("health.check").requireResult()["status"] == "SERVING")
        #expect(server.process.isRunning)
    }

    @Test("invalid UTF-8 is a Parse error and the connection keeps serving")
    func invalidUTF8() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let prefix = Array(#"{"jsonrpc":"2.0","method":"health.check","params":{"service":""#.utf8)
        let suffix = Array(#""},"id":1}"#.utf8) + [UInt8(ascii: "\n")]
        for invalid: [UInt8] in [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            try client.writeRaw(prefix + invalid + suffix)
            let message = try client.nextMessage()
            #expect(message["id"] == .null)
            #expect(try RPCReply(message).requireError().code == Self.parseError)
        }

        #expect(try client.call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("blank lines and CRLF framing are accepted")
    func blankLinesAndCarriageReturns() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        try client.writeRaw(Array("\n\r\n\(healthCheckLine(id: 1))\r\n\n".utf8))

        #expect(try client.reply(to: 1).requireResult()["status"] == "SERVING")
        #expect(try client.messagesBeforeMarker().isEmpty)
    }
}
