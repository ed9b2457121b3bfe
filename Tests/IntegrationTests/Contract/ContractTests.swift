import Foundation
import JSON
import Testing
import TestSupport

/// The OpenRPC contract: the document itself, the server's methods against it, and what the server says on
/// the wire checked against it. Every other integration test's conversation is checked too, after the
/// suite, by `Scripts/test` (see `RPCTranscript.saveForContractCheck`).
@Suite("OpenRPC contract")
struct ContractTests {
    private func document() throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: try ContractCheck.documentPath))))
    }

    private func methodNames(_ document: JSONValue) -> [String] {
        (document["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    @Test("the document validates against the OpenRPC meta-schema and lists exactly the registered methods")
    func documentIsValid() throws {
        let outcome = try ContractCheck.run([])

        #expect(outcome.exit == .exited(0), "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains(" 0 failed"))
    }

    @Test("a document that breaks the meta-schema or its own examples fails the check")
    func brokenDocumentFails() throws {
        let directory = try TemporaryDirectory(prefix: "tb-contract")
        guard case .object(var broken) = try document(), case .array(var methods) = broken["methods"],
              case .object(var first) = methods[0] else {
            Issue.record("the document has no methods")
            return
        }
        first["paramStructure"] = "by-position"
        first["x-allowed"] = true
        first["unexpectedMember"] = 1
        methods[0] = .object(first)
        broken["methods"] = .array(methods)
        let path = try directory.write(JSONWriter.string(.object(broken)), to: "broken.json")

        let outcome = try ContractCheck.run(["--document", path])

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardOutput.contains("does not validate against the OpenRPC meta-schema"))
        #expect(outcome.standardOutput.contains("unexpectedMember"))
        #expect(outcome.standardOutput.contains("paramStructure must be \"by-name\""))
    }

    @Test("rpc.discover serves the document in Schema/, unchanged")
    func discoverServesTheDocument() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let served = try client.call("rpc.discover").requireResult()

        #expect(served == (try document()))
    }

    @Test("every documented method is answered by the server, none with method not found")
    func everyDocumentedMethodIsServed() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let names = methodNames(try document())

        let ids = try names.map { try client.send($0, [:]) }
        let replies = try client.replies(to: ids)

        #expect(names.count >= 18)
        for (name, reply) in zip(names, replies) {
            #expect(reply.error?.code != -32601, "\(name) is in the document but the server does not know it")
        }
    }

    @Test("the check finds a result that does not fit, an undeclared error and an undocumented method")
    func transcriptViolationsFail() throws {
        let directory = try TemporaryDirectory(prefix: "tb-contract")
        let request: (String, Int) -> JSONValue = { method, id in
            ["jsonrpc": "2.0", "method": .string(method), "params": [:], "id": .number(JSONNumber(id))]
        }
        let lines: [JSONValue] = [
            ["kind": "exchange", "method": "health.check", "request": request("health.check", 1),
             "reply": ["jsonrpc": "2.0", "id": 1, "result": ["status": "FINE"]]],
            ["kind": "exchange", "method": "listConfigurations", "request": request("listConfigurations", 2),
             "reply": ["jsonrpc": "2.0", "id": 2,
                       "error": ["code": 6, "message": "exists", "data": ["status": "ALREADY_EXISTS"]]]],
            ["kind": "exchange", "method": "secret.method", "request": request("secret.method", 3),
             "reply": ["jsonrpc": "2.0", "id": 3, "result": [:]]],
        ]
        try directory.write(lines.map { JSONWriter.string($0) + "\n" }.joined(), to: "bad.jsonl")

        let outcome = try ContractCheck.run(["transcripts", directory.path])

        #expect(outcome.exit == .exited(1))
        #expect(outcome.standardOutput.contains("'FINE' is not one of"), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("answered ALREADY_EXISTS, which the method does not declare"))
        #expect(outcome.standardOutput.contains("the OpenRPC document does not list"))
        #expect(outcome.standardOutput.contains("contract: "))
    }

    @Test("a conversation through every method's happy path fits the contract")
    func conversationFitsTheContract() throws {
        let tracker = try SimulatorProcess.start(arguments: ["--projects", "3"])
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let token: JSONValue = "contract-progress"

        let configured = try client.call("configure", [
            "name": "Contract", "host": .string(tracker.collectionURL), "personalAccessToken": .string(tracker.pat),
            "applications": ["app"], "project": "Project 0001", "autoCreate": ["enabled": true],
        ]).requireResult()
        let id = try #require(configured["configuration"]?["id"])
        let vulnerability: JSONValue = [
            "id": "v-1", "applicationId": "app", "applicationName": "App", "title": "SQL injection in /login",
            "rule": "sql-injection", "severity": "Medium", "url": "https://scanner.test/v-1",
        ]
        let calls: [(String, JSONObject)] = [
            ("health.check", [:]),
            ("getConfiguration", ["id": id]),
            ("listConfigurations", [:]),
            ("testConnection", ["configurationId": id, "_meta": ["progressToken": token, "timeoutMs": 60000]]),
            ("listProjects", ["configurationId": id]),
            ("listWorkItemTypes", ["configurationId": id]),
            ("reportVulnerabilities", ["vulnerabilities": [vulnerability]]),
            ("getVulnerability", ["id": "v-1"]),
            ("listVulnerabilities", ["applicationId": "app", "limit": 10]),
            ("createTickets", ["configurationId": id, "vulnerabilityIds": ["v-1"], "_meta": ["progressToken": token]]),
            ("listTickets", ["configurationId": id]),
            ("getConfiguration", ["id": "missing"]),
            ("deleteConfiguration", ["id": id]),
        ]
        for (method, params) in calls {
            _ = try client.call(method, params)
        }
        let folder = try TemporaryDirectory(prefix: "tb-contract")
        try server.transcript.write(to: folder.file("conversation.jsonl"))

        let outcome = try ContractCheck.run(["transcripts", folder.path])

        #expect(outcome.exit == .exited(0), "\(outcome.standardOutput)")
        #expect(server.transcript.exchanges.filter { $0.reply?["result"] != nil }.count >= calls.count - 1)
        #expect(!server.transcript.serverNotifications.isEmpty, "testConnection or createTickets sent progress")
    }
}
