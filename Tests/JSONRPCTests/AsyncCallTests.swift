import JSON
import JSONRPC
import Testing

@Suite("Calls that finish later")
struct AsyncCallTests {
    @Test("replies to async calls go out in the order the calls finish")
    func outOfOrder() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"a"},"id":"first"}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"b"},"id":"second"}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"health.check","id":"inline"}"#)
            expectResult(try harness.host.takeMessages().first, id: "inline", result: ["status": "SERVING"])
            await Task.yield()
            #expect(harness.session.inFlightCount == 2)

            try await waitUntil { harness.gates.waitingCount == 2 }
            harness.gates.open("b")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: "second", result: "opened b")
            harness.gates.open("a")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: "first", result: "opened a")
            try await waitUntil { harness.session.inFlightCount == 0 }
        }
    }

    @Test("a batch with async members is sent as one array once all have answered")
    func asyncBatch() async throws {
        try await SessionHarness.run { harness in
            harness.send("""
                [{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"x"},"id":1},\
                {"jsonrpc":"2.0","method":"health.check","id":2},\
                {"jsonrpc":"2.0","method":"work.wait","params":{"gate":"n"}}]
                """)
            #expect(harness.host.takeLines().isEmpty)
            try await waitUntil { harness.gates.waitingCount == 2 }
            harness.gates.open("x")
            let batch = try JSONParser.parse(await harness.host.nextLines(1)[0])
            #expect(batch.arrayValue?.count == 2)
            expectResult(repliesByID(batch)[1], id: 1, result: "opened x")
            expectResult(repliesByID(batch)[2], id: 2, result: ["status": "SERVING"])
            harness.gates.open("n")
            try await waitUntil { harness.session.inFlightCount == 0 }
            #expect(harness.host.takeLines().isEmpty)
        }
    }

    @Test("rpc.cancel answers the in-flight request CANCELLED and cancels its handler")
    func cancel() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"slow"},"id":41}"#)
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.send(#"{"jsonrpc":"2.0","method":"rpc.cancel","params":{"id":41}}"#)

            let replies = try harness.host.takeMessages()
            #expect(replies.count == 1)
            expectError(replies.first, id: 41, code: 1, status: "CANCELLED")
            try await waitUntil { harness.session.inFlightCount == 0 }
            #expect(harness.gates.cancelledKeys == ["slow"])
            #expect(harness.host.takeLines().isEmpty)
        }
    }

    @Test("rpc.cancel as a request says how many calls it cancelled; other ids are left alone")
    func cancelAsRequest() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"keep"},"id":"keep"}"#)
            try await waitUntil { harness.gates.waitingCount == 1 }
            let reply = try harness.exchange(request("rpc.cancel", #"{"id":"other"}"#, id: #""c""#))
            expectResult(reply, id: "c", result: ["cancelled": 0])
            harness.gates.open("keep")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: "keep", result: "opened keep")
        }
    }

    @Test("past _meta.timeoutMs the call answers DEADLINE_EXCEEDED and its handler is cancelled")
    func deadline() async throws {
        try await SessionHarness.run { harness in
            harness.send(request("work.wait", #"{"gate":"g","_meta":{"timeoutMs":250}}"#))
            try await waitUntil { harness.gates.waitingCount == 1 }
            #expect(harness.host.timers.map(\.milliseconds) == [250])
            harness.host.fireTimers()

            expectError(try harness.host.takeMessages().first, id: 1, code: 4, status: "DEADLINE_EXCEEDED")
            try await waitUntil { harness.session.inFlightCount == 0 }
            #expect(harness.gates.cancelledKeys == ["g"])
        }
    }

    @Test("a call that finishes in time cancels its deadline timer")
    func deadlineMet() async throws {
        try await SessionHarness.run { harness in
            harness.send(request("work.wait", #"{"gate":"g","_meta":{"timeoutMs":250}}"#))
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("g")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: 1, result: "opened g")
            try await waitUntil { harness.session.inFlightCount == 0 }
            harness.host.fireTimers()
            #expect(harness.host.takeLines().isEmpty)
        }
    }

    @Test("timeoutMs 0 fails at once without running the handler")
    func zeroTimeout() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(request("work.wait", #"{"gate":"g","_meta":{"timeoutMs":0}}"#))
            expectError(reply, id: 1, code: 4, status: "DEADLINE_EXCEEDED")
            #expect(harness.gates.startedKeys.isEmpty)
        }
    }

    @Test("progress notifications reach the caller that gave a progressToken, before the reply")
    func progress() async throws {
        try await SessionHarness.run { harness in
            harness.send(request("work.progress", #"{"steps":2,"_meta":{"progressToken":"tok-1"}}"#))
            let first = try JSONParser.parse(await harness.host.nextLines(1)[0])
            #expect(first == ["jsonrpc": "2.0", "method": "rpc.progress",
                              "params": ["progressToken": "tok-1", "progress": 1, "total": 2, "message": "step 1"]])
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("step1")
            let second = try JSONParser.parse(await harness.host.nextLines(1)[0])
            #expect(second["params"]?["progress"] == 2)
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("step2")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: 1, result: 2)
        }
    }

    @Test("without a progressToken no progress is sent; numeric tokens are echoed as numbers")
    func progressTokens() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.progress","params":{"steps":1},"id":1}"#)
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("step1")
            expectResult(try JSONParser.parse(await harness.host.nextLines(1)[0]), id: 1, result: 1)

            let params = #"{"steps":1,"_meta":{"progressToken":12345678901234567890}}"#
            harness.send(request("work.progress", params, id: "2"))
            let note = try #require(await harness.host.nextLines(1).first)
            #expect(note.contains(#""progressToken":12345678901234567890,"#))
            try await waitUntil { harness.gates.waitingCount == 1 }
            harness.gates.open("step1")
            _ = await harness.host.nextLines(1)
        }
    }

    @Test("closing the session cancels in-flight calls silently, and whenIdle fires once they end")
    func closeCancels() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"a"},"id":1}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"b"},"id":2}"#)
            try await waitUntil { harness.gates.waitingCount == 2 }
            #expect(harness.session.inFlightCount == 2)

            var idle = false
            harness.session.whenIdle { idle = true }
            harness.session.close()
            try await waitUntil { idle }
            #expect(Set(harness.gates.cancelledKeys) == ["a", "b"])
            #expect(harness.host.takeLines().isEmpty)
            #expect(harness.outcomes.filter { $0.status == .cancelled }.count == 2)
        }
    }

    @Test("draining refuses new calls except exempt ones, and cancelAll answers the rest")
    func drainingAndCancelAll() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"work.wait","params":{"gate":"a"},"id":1}"#)
            try await waitUntil { harness.gates.waitingCount == 1 }
            let refusal = RPCError.unavailable("server shutting down")
            harness.session.beginDraining(refusal: refusal, exemptMethods: ["health.check"])

            let refused = try harness.exchange(request("calc.sum", #"{"values":[]}"#, id: "2"))
            expectError(refused, id: 2, code: 14, status: "UNAVAILABLE")
            let health = try harness.exchange(request("health.check", id: "3"))
            expectResult(health, id: 3, result: ["status": "SERVING"])

            harness.session.cancelAll(with: .unavailable("server shutting down"))
            let reply = try #require(try harness.host.takeMessages().first)
            expectError(reply, id: 1, code: 14, status: "UNAVAILABLE")
            #expect(reply["error"]?["data"]?["retryable"] == true)
            try await waitUntil { harness.session.inFlightCount == 0 }
        }
    }
}

/// Lets other jobs on the serial executor run until `condition` holds; fails after many rounds instead of
/// hanging. Counts scheduling rounds, not time.
func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<10_000 {
        if condition() { return }
        await Task.yield()
    }
    Issue.record("condition never became true", sourceLocation: sourceLocation)
    throw HarnessFailure(reason: "condition never became true")
}
