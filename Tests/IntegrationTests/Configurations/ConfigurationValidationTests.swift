import Foundation
import JSON
import Testing
import TestSupport

/// Every `configure` validation rule: the reply names the bad field and nothing is stored.
@Suite("configurations: validation")
struct ConfigurationValidationTests {
    /// One bad request: members to change in otherwise valid creation params (`null` removes a member),
    /// and the fields the error must name.
    struct BadInput: CustomStringConvertible, Sendable {
        let description: String
        let changes: JSONObject
        let fields: [String]
    }

    static let badInputs: [BadInput] = [
        BadInput(description: "name missing", changes: ["name": .null], fields: ["name"]),
        BadInput(description: "name empty", changes: ["name": "  "], fields: ["name"]),
        BadInput(description: "name too long", changes: ["name": .string(String(repeating: "n", count: 101))],
                 fields: ["name"]),
        BadInput(description: "host missing", changes: ["host": .null], fields: ["host"]),
        BadInput(description: "host not http", changes: ["host": "ftp://tracker.example.com"], fields: ["host"]),
        BadInput(description: "host relative", changes: ["host": "tracker.example.com/org"], fields: ["host"]),
        BadInput(description: "host with credentials", changes: ["host": "https://me:pw@dev.azure.com/org"],
                 fields: ["host"]),
        BadInput(description: "host with a query",
                 changes: ["host": "https://dev.azure.com/org?x=1"], fields: ["host"]),
        BadInput(description: "token missing on create", changes: ["personalAccessToken": .null],
                 fields: ["personalAccessToken"]),
        BadInput(description: "token with a space", changes: ["personalAccessToken": "abc def"],
                 fields: ["personalAccessToken"]),
        BadInput(description: "apiVersion", changes: ["apiVersion": "latest"], fields: ["apiVersion"]),
        BadInput(description: "unknown severity", changes: ["severityMap": ["Urgent": "1 - Critical"]],
                 fields: ["severityMap.Urgent"]),
        BadInput(description: "severity value", changes: ["severityMap": ["High": "5 - Trivial"]],
                 fields: ["severityMap.High"]),
        BadInput(description: "priority out of range", changes: ["priorityMap": ["High": 0, "Low": 5]],
                 fields: ["priorityMap.High", "priorityMap.Low"]),
        BadInput(description: "priority as text",
                 changes: ["priorityMap": ["High": "2"]], fields: ["priorityMap.High"]),
        BadInput(description: "unknown status",
                 changes: ["twoWay": ["enabled": true, "statusMapping": ["Closed": "Done"]]],
                 fields: ["twoWay.statusMapping.Closed"]),
        BadInput(description: "closed reopen status", changes: ["twoWay": ["enabled": true, "reopenStatus": "Fixed"]],
                 fields: ["twoWay.reopenStatus"]),
        BadInput(description: "twoWay without enabled", changes: ["twoWay": ["reopenStatus": "Confirmed"]],
                 fields: ["twoWay.enabled"]),
        BadInput(description: "webhookUrl is read-only", changes: ["twoWay": ["enabled": true, "webhookUrl": "x"]],
                 fields: ["twoWay.webhookUrl"]),
        BadInput(description: "unknown auto-create severity",
                 changes: ["autoCreate": ["enabled": true, "severities": ["Severe"]]],
                 fields: ["autoCreate.severities[0]"]),
        BadInput(description: "auto-create matching nothing",
                 changes: ["autoCreate": ["enabled": true, "severities": []]], fields: ["autoCreate.severities"]),
        BadInput(description: "empty application id",
                 changes: ["applications": ["app", ""]], fields: ["applications[1]"]),
        BadInput(description: "tag with a separator", changes: ["tags": ["a;b"]], fields: ["tags[0]"]),
        BadInput(description: "flag not boolean", changes: ["titlePrefix": "yes"], fields: ["titlePrefix"]),
        BadInput(description: "relative CA file", changes: ["tls": ["caFile": "certs/ca.pem"]], fields: ["tls.caFile"]),
        BadInput(description: "missing CA file",
                 changes: ["tls": ["caFile": "/nonexistent/ca.pem"]], fields: ["tls.caFile"]),
        BadInput(description: "expectedRevision on create",
                 changes: ["expectedRevision": 1], fields: ["expectedRevision"]),
        BadInput(description: "misspelt member", changes: ["projekt": "Project 0001"], fields: ["projekt"]),
        BadInput(description: "read-only member", changes: ["revision": 3], fields: ["revision"]),
        BadInput(description: "several at once", changes: ["name": "", "host": "mailto:x", "priorityMap": ["Note": 9]],
                 fields: ["name", "host", "priorityMap.Note"]),
    ]

    @Test("a bad configure is INVALID_ARGUMENT naming each bad field, and stores nothing", arguments: badInputs)
    func badInputIsRefused(input: BadInput) throws {
        let bench = try ConfigurationBench()
        var params = bench.creation()
        for member in input.changes {
            params[member.key] = member.value.isNull ? nil : member.value
        }

        let error = try bench.client.call("configure", params).requireError()

        #expect(error.code == 3)
        #expect(error.status == "INVALID_ARGUMENT")
        #expect(error.violatedFields == input.fields, "\(error)")
        #expect(try bench.list().isEmpty)
    }

    @Test("a name used by another configuration, in any case, is ALREADY_EXISTS naming name")
    func duplicateName() throws {
        let bench = try ConfigurationBench()
        let first = try bench.create("Payments")
        let other = try bench.create("Web shop")

        let created = try bench.client.call("configure", bench.creation("PAYMENTS")).requireError()
        let renamed = try bench.update(other, ["name": "payments"]).requireError()

        for error in [created, renamed] {
            #expect(error.code == 6)
            #expect(error.status == "ALREADY_EXISTS")
            #expect(error.violatedFields == ["name"])
        }
        #expect(try bench.list().map { $0["name"] } == ["Payments", "Web shop"])
        #expect(try bench.update(first, ["name": "payments"]).requireResult()["configuration"]?["name"] == "payments",
                "renaming a configuration to another case of its own name is allowed")
    }

    @Test("updating an unknown id is NOT_FOUND; a bad update changes nothing")
    func badUpdates() throws {
        let bench = try ConfigurationBench()
        let created = try bench.create(extra: ["project": "Project 0001"])

        let unknown = try bench.client.call("configure", [
            "id": "no-such-configuration", "name": "x", "host": .string(bench.tracker.collectionURL),
        ]).requireError()
        let bad = try bench.update(created, ["project": "Project 0002", "priorityMap": ["Critical": 7]]).requireError()

        #expect(unknown.status == "NOT_FOUND")
        #expect(bad.violatedFields == ["priorityMap.Critical"])
        let stored = try bench.client.call("getConfiguration", ["id": created["id"]!]).requireResult()["configuration"]
        #expect(stored == created)
    }
}
