import JSON
import JSONRPC
import Testing

/// The examples of the JSON-RPC 2.0 specification (section 7), with its `subtract`, `sum`, `update` and
/// friends replaced by methods of this test router and params sent by name.
@Suite("JSON-RPC 2.0 specification examples")
struct SpecificationExampleTests {
    @Test("a call with named params answers with the result and the same id")
    func namedParams() async throws {
        try await SessionHarness.run { harness in
            expectResult(
                try harness.exchange(request("calc.subtract", #"{"subtrahend":23,"minuend":42}"#, id: "3")),
                id: 3, result: 19
            )
            expectResult(
                try harness.exchange(request("calc.subtract", #"{"minuend":42,"subtrahend":23}"#, id: "4")),
                id: 4, result: 19
            )
        }
    }

    @Test("a call with positional params is refused with -32602, saying params must be by name")
    func positionalParams() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(#"{"jsonrpc":"2.0","method":"calc.subtract","params":[42,23],"id":1}"#)
            expectError(reply, id: 1, code: -32602, status: "INVALID_ARGUMENT")
            #expect(reply["error"]?["message"]?.stringValue?.contains("by-position") == true)
        }
    }

    @Test("notifications get no reply at all, not even an error")
    func notifications() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"notify.hello","params":{"value":[1,2,3,4,5]}}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"health.check"}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"no.such.method"}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"calc.subtract","params":[1,2]}"#)
            harness.send(#"{"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":"x"}}"#)
            #expect(harness.host.takeLines().isEmpty)
            #expect(harness.outcomes.count == 5)
        }
    }

    @Test("a non-existent method gets -32601 with data.status UNIMPLEMENTED")
    func unknownMethod() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(request("foobar", id: #""1""#))
            expectError(reply, id: "1", code: -32601, status: "UNIMPLEMENTED")
        }
    }

    @Test("invalid JSON gets -32700 with id null")
    func parseError() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(#"{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]"#)
            expectError(reply, id: nil, code: -32700, status: "INVALID_ARGUMENT")
        }
    }

    @Test("an invalid request object gets -32600 with id null")
    func invalidRequest() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(#"{"jsonrpc":"2.0","method":1,"params":"bar"}"#)
            expectError(reply, id: nil, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("a batch that is not valid JSON gets a single -32700")
    func batchParseError() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(
                #"[{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2,4]},"id":"1"},"#
                    + #"{"jsonrpc":"2.0","method""#
                    + "]"
            )
            expectError(reply, id: nil, code: -32700, status: "INVALID_ARGUMENT")
        }
    }

    @Test("an empty batch gets one Invalid Request object, not an array")
    func emptyBatch() async throws {
        try await SessionHarness.run { harness in
            expectError(try harness.exchange("[]"), id: nil, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("[1] gets an array holding one Invalid Request")
    func batchOfOneInvalid() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange("[1]")
            let elements = try #require(reply.arrayValue)
            #expect(elements.count == 1)
            expectError(elements.first, id: nil, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("[1,2,3] gets an array of three Invalid Requests")
    func batchOfThreeInvalid() async throws {
        try await SessionHarness.run { harness in
            let elements = try #require(try harness.exchange("[1,2,3]").arrayValue)
            #expect(elements.count == 3)
            for element in elements {
                expectError(element, id: nil, code: -32600, status: "INVALID_ARGUMENT")
            }
        }
    }

    @Test("a mixed batch answers every request, skips the notifications, and flags the invalid member")
    func mixedBatch() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange("""
                [{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2,4]},"id":"1"},\
                {"jsonrpc":"2.0","method":"notify.hello","params":{"value":[7]}},\
                {"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":42,"subtrahend":23},"id":"2"},\
                {"foo":"boo"},\
                {"jsonrpc":"2.0","method":"foo.get","params":{"name":"myself"},"id":"5"},\
                {"jsonrpc":"2.0","method":"data.get","id":"9"}]
                """)
            let elements = try #require(reply.arrayValue)
            #expect(elements.count == 5)
            let byID = repliesByID(reply)
            expectResult(byID["1"], id: "1", result: 7)
            expectResult(byID["2"], id: "2", result: 19)
            expectError(byID[.null], id: nil, code: -32600, status: "INVALID_ARGUMENT")
            expectError(byID["5"], id: "5", code: -32601, status: "UNIMPLEMENTED")
            expectResult(byID["9"], id: "9", result: ["hello", 5])
        }
    }

    @Test("a batch of notifications only sends nothing at all")
    func notificationBatch() async throws {
        try await SessionHarness.run { harness in
            let first = request("notify.hello", #"{"v":[1,2,4]}"#, id: nil)
            let second = request("notify.hello", #"{"v":[7]}"#, id: nil)
            harness.send("[\(first),\(second)]")
            #expect(harness.host.takeLines().isEmpty)
            #expect(harness.host.sendCount == 0)
        }
    }
}
