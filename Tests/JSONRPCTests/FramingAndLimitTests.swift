import JSON
import JSONRPC
import Testing

@Suite("Framing and limits")
struct FramingAndLimitTests {
    @Test("\\r\\n line ends are accepted and blank lines are skipped")
    func lineEnds() async throws {
        try await SessionHarness.run { harness in
            harness.receive(Array("\r\n\n   \r\n\(request("health.check"))\r\n\n\t\n".utf8))
            let replies = try harness.host.takeMessages()
            #expect(replies.count == 1)
            expectResult(replies.first, id: 1, result: ["status": "SERVING"])
        }
    }

    @Test("a message split into single bytes is reassembled")
    func byteByByte() async throws {
        try await SessionHarness.run { harness in
            for byte in Array((request("calc.sum", #"{"values":[1,2]}"#, id: #""é""#) + "\n").utf8) {
                harness.receive([byte])
            }
            expectResult(try harness.host.takeMessages().first, id: "é", result: 3)
        }
    }

    @Test("several messages in one chunk are all answered, in order")
    func pipelined() async throws {
        try await SessionHarness.run { harness in
            let text = (1...50).map { request("health.check", id: "\($0)") }.joined(separator: "\n") + "\n"
            harness.receive(Array(text.utf8))
            let ids = try harness.host.takeMessages().map { $0["id"]?.intValue }
            #expect(ids == Array(1...50))
        }
    }

    @Test("an oversized line is discarded without buffering it, answered with id null, and the next line works")
    func oversizedThenValid() async throws {
        try await SessionHarness.run(limits: RPCLimits(maxMessageBytes: 100)) { harness in
            let huge = #"{"jsonrpc":"2.0","method":"health.check","id":1,"params":{"pad":""#
                + String(repeating: "x", count: 1000)
            for chunk in Array(huge.utf8).chunked(into: 64) {
                harness.receive(chunk)
                #expect(harness.session.bufferedInputBytes <= 101)
            }
            harness.receive(Array(#""}}"#.utf8) + [UInt8(ascii: "\n")])
            harness.send(#"{"jsonrpc":"2.0","method":"health.check","id":2}"#)

            let replies = try harness.host.takeMessages()
            #expect(replies.count == 2)
            expectError(replies.first, id: nil, code: -32600, status: "INVALID_ARGUMENT")
            expectResult(replies.last, id: 2, result: ["status": "SERVING"])
        }
    }

    @Test("an oversized line arriving whole is refused, and a line at the limit is accepted")
    func oversizedInOneChunk() async throws {
        let request = #"{"jsonrpc":"2.0","method":"health.check","id":1}"#
        try await SessionHarness.run(limits: RPCLimits(maxMessageBytes: request.utf8.count)) { harness in
            harness.receive(Array((request + "\r\n" + request + " \n").utf8))
            let replies = try harness.host.takeMessages()
            expectResult(replies.first, id: 1, result: ["status": "SERVING"])
            expectError(replies.last, id: nil, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("bad messages get their error and do not disturb the next one", arguments: [
        (#"{"jsonrpc":"2.0","method":"health.check","id":1,"id":2}"#, -32600),
        (String(repeating: "[", count: 300) + String(repeating: "]", count: 300), -32700),
        (String(repeating: "[", count: 100_000), -32700),
        ("{\"jsonrpc\":\"2.0\",\"method\":\"health.check\",\"id\":\"\u{FFFD}\"}", 0),
    ])
    func badMessages(text: String, code: Int) async throws {
        try await SessionHarness.run { harness in
            var bytes = Array(text.utf8)
            if code == 0 {
                // Replace the U+FFFD (EF BF BD) with a lone continuation byte: invalid UTF-8.
                let index = try #require(bytes.firstIndex(of: 0xEF))
                bytes.replaceSubrange(index..<index + 3, with: [0x80])
            }
            harness.receive(bytes + [UInt8(ascii: "\n")])
            harness.send(#"{"jsonrpc":"2.0","method":"health.check","id":"next"}"#)
            let replies = try harness.host.takeMessages()
            #expect(replies.count == 2)
            expectError(replies.first, id: nil, code: code == 0 ? -32700 : code, status: "INVALID_ARGUMENT")
            expectResult(replies.last, id: "next", result: ["status": "SERVING"])
        }
    }

    @Test("a last line without a newline is handled when input ends")
    func endOfInput() async throws {
        try await SessionHarness.run { harness in
            harness.receive(Array(#"{"jsonrpc":"2.0","method":"health.check","id":1}"#.utf8))
            #expect(harness.host.takeLines().isEmpty)
            harness.session.receiveEndOfInput()
            expectResult(try harness.host.takeMessages().first, id: 1, result: ["status": "SERVING"])
        }
    }

    @Test("the framer hands out lines split across chunks and skips blank ones")
    func framerUnit() {
        var framer = LineFramer(maxLineBytes: 8)
        var frames: [String] = []
        let record: (LineFramer.Frame) -> Void = { frame in
            switch frame {
            case .line(let bytes): frames.append(String(decoding: bytes, as: UTF8.self))
            case .oversized: frames.append("<oversized>")
            }
        }
        for chunk in ["ab", "c\nde", "f\r", "\n\n123456789", "0", "\nok\n"] {
            Array(chunk.utf8).withUnsafeBytes { framer.consume($0, record) }
        }
        #expect(frames == ["abc", "def", "<oversized>", "ok"])
        #expect(framer.bufferedByteCount == 0)
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
