import JSON
import JSONRPC
import Testing

@Suite("Request ids, params and metadata")
struct RequestValidationTests {
    @Test("ids come back exactly as sent", arguments: [
        #""abc""#, "0", "-17", "1.5", "123456789012345678901234567890", "-98765432109876543210987654321", "1e400",
        #""\u00e9\ud83d\ude00""#, #""""#,
    ])
    func idEcho(idText: String) async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"health.check","id":\#(idText)}"#)
            let line = try #require(harness.host.takeLines().first)
            let expectedID = JSONWriter.string(try JSONParser.parse(idText))
            #expect(line == #"{"jsonrpc":"2.0","id":\#(expectedID),"result":{"status":"SERVING"}}"#)
        }
    }

    @Test("spacing, member order, escaped keys and extra members all give the same answer", arguments: [
        #"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2]},"id":1}"#,
        #" { "id" : 1 , "params" : { "values" : [ 1 , 2 ] } , "method" : "calc.sum" , "jsonrpc" : "2.0" } "#,
        #"{"jsonrpc":"2.0","m\u0065thod":"calc.sum","params":{"values":[1,2]},"id":1}"#,
        #"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2]},"id":1,"extra":{"x":[]}}"#,
        "{\"jsonrpc\":\"2.0\",\"method\":\"calc.sum\",\"params\":{\"values\":[1,2]},\"id\":1}\t",
    ])
    func envelopeVariants(text: String) async throws {
        try await SessionHarness.run { harness in
            expectResult(try harness.exchange(text), id: 1, result: 3)
        }
    }

    @Test("an integer id above 2^53 keeps every digit, also in errors and batches")
    func bigIntegerID() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"nope","id":9007199254740993}"#)
            harness.send(#"[{"jsonrpc":"2.0","method":"health.check","id":18446744073709551617}]"#)
            let lines = harness.host.takeLines()
            #expect(lines[0].contains(#""id":9007199254740993,"#))
            #expect(lines[1].contains(#""id":18446744073709551617,"#))
        }
    }

    @Test("\"id\": null is a request and is answered")
    func nullID() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(request("health.check", id: "null"))
            expectResult(reply, id: nil, result: ["status": "SERVING"])
        }
    }

    @Test("ids that are objects, arrays or booleans are Invalid Request with id null", arguments: ["{}", "[1]", "true"])
    func invalidIDTypes(idText: String) async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(#"{"jsonrpc":"2.0","method":"health.check","id":\#(idText)}"#)
            expectError(reply, id: nil, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("envelopes that break JSON-RPC 2.0 are Invalid Request under their id", arguments: [
        #"{"method":"health.check","id":1}"#, #"{"jsonrpc":"1.0","method":"health.check","id":1}"#,
        #"{"jsonrpc":2.0,"method":"health.check","id":1}"#, #"{"jsonrpc":"2.0","id":1}"#,
        #"{"jsonrpc":"2.0","method":"health.check","params":"x","id":1}"#,
        #"{"jsonrpc":"2.0","method":"health.check","params":null,"id":1}"#,
    ])
    func invalidEnvelopes(text: String) async throws {
        try await SessionHarness.run { harness in
            expectError(try harness.exchange(text), id: 1, code: -32600, status: "INVALID_ARGUMENT")
        }
    }

    @Test("params that do not decode get -32602 with field violations")
    func fieldViolations() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange("""
                {"jsonrpc":"2.0","method":"vulnerabilities.report","id":1,"params":{"applicationId":"a",\
                "vulnerabilities":[{"id":"1","severity":"High"},{"id":"2","severity":"High"},\
                {"id":"3","severity":"High"},{"id":"4","severity":"Bogus"}]}}
                """)
            expectError(reply, id: 1, code: -32602, status: "INVALID_ARGUMENT")
            let violations = try #require(reply["error"]?["data"]?["fieldViolations"]?.arrayValue)
            #expect(violations.count == 1)
            #expect(violations.first?["field"] == "vulnerabilities[3].severity")
            #expect(violations.first?["description"]?.stringValue?.contains("Bogus") == true)

            let missing = try harness.exchange(request("calc.subtract", #"{"minuend":1}"#, id: "2"))
            let expected: JSONValue = [["field": "subtrahend", "description": "is required"]]
            #expect(missing["error"]?["data"]?["fieldViolations"] == expected)
        }
    }

    @Test("_meta is read and removed before the params are decoded")
    func metaStripped() async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange("""
                {"jsonrpc":"2.0","method":"echo.meta","id":1,"params":{"a":1,"_meta":{"timeoutMs":5000,\
                "idempotencyKey":"k-1","progressToken":"p","future":true}}}
                """)
            let expected: JSONValue = ["params": ["a": 1], "timeoutMs": 5000, "idempotencyKey": "k-1", "connection": 7]
            expectResult(reply, id: 1, result: expected)
        }
    }

    @Test("malformed _meta members are -32602 naming the member", arguments: [
        (#"{"timeoutMs":-1}"#, "_meta.timeoutMs"), (#"{"timeoutMs":1.5}"#, "_meta.timeoutMs"),
        (#"{"progressToken":{}}"#, "_meta.progressToken"), (#"{"idempotencyKey":""}"#, "_meta.idempotencyKey"),
        ("[]", "_meta"),
    ])
    func badMeta(meta: String, field: String) async throws {
        try await SessionHarness.run { harness in
            let reply = try harness.exchange(request("health.check", #"{"_meta":\#(meta)}"#))
            expectError(reply, id: 1, code: -32602, status: "INVALID_ARGUMENT")
            #expect(reply["error"]?["data"]?["fieldViolations"]?[0]?["field"]?.stringValue == field)
        }
    }

    @Test("thrown errors that are not RPC errors become INTERNAL without their text")
    func internalErrorsHideText() async throws {
        try await SessionHarness.run { harness in
            let line = try #require({ () -> String? in
                harness.send(#"{"jsonrpc":"2.0","method":"fail.leaky","id":1}"#)
                return harness.host.takeLines().first
            }())
            #expect(!line.contains("hunter2"))
            expectError(try JSONParser.parse(line), id: 1, code: -32603, status: "INTERNAL")
            #expect(harness.outcomes.last?.internalCause is TestMethods.LeakyFailure)
        }
    }

    @Test("library errors map themselves through RPCErrorConvertible")
    func convertibleErrors() async throws {
        try await SessionHarness.run { harness in
            harness.send(#"{"jsonrpc":"2.0","method":"fail.throttled","id":1}"#)
            let reply = try JSONParser.parse(try #require(await harness.host.nextLines(1).first))
            expectError(reply, id: 1, code: 8, status: "RESOURCE_EXHAUSTED")
            #expect(reply["error"]?["data"]?["retryable"] == true)
            #expect(reply["error"]?["data"]?["retryAfterMs"] == 1500)
        }
    }
}
