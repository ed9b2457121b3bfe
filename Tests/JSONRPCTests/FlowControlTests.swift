import JSON
import JSONRPC
import Testing

/// How much work one connection may start and how much output it may pile up before the session stops
/// taking its messages.
@Suite("Flow control")
struct FlowControlTests {
    private static func wait(_ gate: String, id: Int? = nil) -> String {
        let idMember = id.map { #","id":\#($0)"# } ?? ""
        return #"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"\#(gate)"}\#(idMember)}"#
    }

    @Test("notifications stop being taken at the limit on calls in flight, and taking resumes as calls end")
    func callLimit() async throws {
        try await SessionHarness.run(limits: RPCLimits(maxCallsInFlight: 3)) { harness in
            let lines = (1...5).map { Self.wait("g\($0)") } + [#"{"jsonrpc":"2.0","method":"health.check","id":9}"#]
            harness.send(lines.joined(separator: "\n"))

            #expect(harness.session.inFlightCount == 3)
            #expect(!harness.session.isTakingInput)
            #expect(harness.session.heldInputBytes > 0)
            #expect(harness.host.takeLines().isEmpty, "the health.check after the limit waits too")
            harness.send(Self.wait("late"))
            #expect(harness.session.inFlightCount == 3, "bytes that arrive while held wait behind the others")

            try await waitUntil { harness.gates.waitingCount == 3 }
            harness.gates.open("g1")
            try await waitUntil { harness.gates.startedKeys.count == 4 }
            #expect(harness.host.resumeSignalCount == 1)
            #expect(harness.session.inFlightCount == 3)
            #expect(harness.gates.startedKeys == ["g1", "g2", "g3", "g4"])

            harness.gates.open("g2")
            try await waitUntil { harness.gates.startedKeys.count == 5 }
            #expect(try harness.host.takeMessages().isEmpty, "the health.check still waits behind g5")
            harness.gates.open("g3")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: 9, result: ["status": "SERVING"])
            try await waitUntil { harness.gates.startedKeys.count == 6 }
            #expect(harness.gates.startedKeys.last == "late")
            #expect(harness.session.heldInputBytes == 0)

            harness.gates.open("g4")
            try await waitUntil { harness.session.inFlightCount == 2 }
            #expect(harness.session.isTakingInput)
            for gate in ["g5", "late"] { harness.gates.open(gate) }
            try await waitUntil { harness.session.inFlightCount == 0 }
        }
    }

    @Test("whenIdle waits for held input, and a last unterminated line is handled after it")
    func heldInputAndEndOfInput() async throws {
        try await SessionHarness.run(limits: RPCLimits(maxCallsInFlight: 1)) { harness in
            harness.receive(Array((Self.wait("a") + "\n" + #"{"jsonrpc":"2.0","method":"health.check","id":2}"#).utf8))
            harness.session.receiveEndOfInput()
            var idle = false
            harness.session.whenIdle { idle = true }
            #expect(harness.host.takeLines().isEmpty)

            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("a")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: 2, result: ["status": "SERVING"])
            try await waitUntil { idle }
        }
    }

    @Test("the session stops after the message whose reply backs the output up, and resumes with the rest")
    func outputBackedUp() async throws {
        try await SessionHarness.run { harness in
            let lines = (1...4).map { #"{"jsonrpc":"2.0","method":"health.check","id":\#($0)}"# }
            harness.host.isOutputBackedUp = true
            harness.send(lines.joined(separator: "\n"))

            #expect(try harness.host.takeMessages().count == 1)
            #expect(!harness.session.isTakingInput)

            harness.session.resumeInput()
            #expect(try harness.host.takeMessages().count == 1, "still backed up: one message more, then stop")

            harness.host.isOutputBackedUp = false
            harness.session.resumeInput()
            let rest = try harness.host.takeMessages()
            #expect(rest.map { $0["id"] } == [3, 4])
            #expect(harness.session.isTakingInput)
        }
    }

    @Test("a batch over the entry limit gets one Invalid Request that names the limit, and nothing runs")
    func batchLimit() async throws {
        try await SessionHarness.run(limits: RPCLimits(maxBatchEntries: 3)) { harness in
            let entries = (1...4).map { #"{"jsonrpc":"2.0","method":"health.check","id":\#($0)}"# }
            let tooLong = try harness.exchange("[" + entries.joined(separator: ",") + "]")
            let atLimit = try harness.exchange("[" + entries.prefix(3).joined(separator: ",") + "]")

            expectError(tooLong, id: nil, code: -32600, status: "INVALID_ARGUMENT")
            #expect(tooLong["error"]?["message"]?.stringValue?.contains("limit of 3") == true)
            #expect(atLimit.arrayValue?.count == 3)
        }
    }

    @Test("the framer stops after a line when asked and reports the bytes it took")
    func framerStops() {
        var framer = LineFramer(maxLineBytes: 64)
        var frames: [String] = []
        let bytes = Array("one\ntwo\nthree\nfou".utf8)

        let taken = bytes.withUnsafeBytes { chunk in
            framer.consume(chunk, until: { frames.count == 2 }) { frame in
                if case .line(let line) = frame { frames.append(String(decoding: line, as: UTF8.self)) }
            }
        }

        #expect(frames == ["one", "two"])
        #expect(taken == 8)
        #expect(framer.bufferedByteCount == 0)
    }
}
