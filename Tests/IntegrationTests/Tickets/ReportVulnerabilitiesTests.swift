import Foundation
import JSON
import Testing
import TestSupport

/// `reportVulnerabilities` through the real server: what it stores and counts, and the exact error each kind
/// of bad input gets, with nothing stored (SPEC §4, §5).
@Suite("reportVulnerabilities: storing findings and refusing bad ones")
struct ReportVulnerabilitiesTests {
    /// Params that do not fit the Vulnerability shape, and the one violation the reply must carry.
    struct ShapeError: CustomStringConvertible, Sendable {
        let description: String
        let params: JSONValue
        let field: String
        let reason: String
    }

    static let shapeErrors: [ShapeError] = [
        ShapeError(description: "vulnerabilities missing", params: [:], field: "vulnerabilities",
                   reason: "is required"),
        ShapeError(description: "vulnerabilities null", params: ["vulnerabilities": nil], field: "vulnerabilities",
                   reason: "must not be null"),
        ShapeError(description: "vulnerabilities not an array", params: ["vulnerabilities": "all"],
                   field: "vulnerabilities", reason: "expected an array, found a string"),
        ShapeError(description: "an element that is not an object", params: ["vulnerabilities": [finding("v-0"), 5]],
                   field: "vulnerabilities[1]", reason: "expected an object, found a number"),
        ShapeError(description: "a null element", params: ["vulnerabilities": [finding("v-0"), nil]],
                   field: "vulnerabilities[1]", reason: "must not be null"),
        ShapeError(description: "id missing", params: ["vulnerabilities": [finding("v-0", ["id": nil])]],
                   field: "vulnerabilities[0].id", reason: "is required"),
        ShapeError(description: "id null", params: ["vulnerabilities": [finding("v-0", ["id": .null])]],
                   field: "vulnerabilities[0].id", reason: "must not be null"),
        ShapeError(description: "title a number", params: ["vulnerabilities": [finding("v-0", ["title": 7])]],
                   field: "vulnerabilities[0].title", reason: "expected a string, found a number"),
        ShapeError(description: "applicationName an array",
                   params: ["vulnerabilities": [finding("v-0"), finding("v-1", ["applicationName": ["x"]])]],
                   field: "vulnerabilities[1].applicationName", reason: "expected a string, found an array"),
        ShapeError(description: "unknown severity",
                   params: ["vulnerabilities": [finding("v-0"), finding("v-1"), finding("v-2"),
                                                finding("v-3", ["severity": "Bogus"])]],
                   field: "vulnerabilities[3].severity",
                   reason: "Cannot initialize Severity from invalid String value Bogus"),
        ShapeError(description: "severity a number", params: ["vulnerabilities": [finding("v-0", ["severity": 1])]],
                   field: "vulnerabilities[0].severity", reason: "expected a string, found a number"),
        ShapeError(description: "severity null", params: ["vulnerabilities": [finding("v-0", ["severity": .null])]],
                   field: "vulnerabilities[0].severity", reason: "must not be null"),
        ShapeError(description: "unknown status", params: ["vulnerabilities": [finding("v-0", ["status": "Open"])]],
                   field: "vulnerabilities[0].status",
                   reason: "Cannot initialize VulnerabilityStatus from invalid String value Open"),
        ShapeError(description: "description a boolean",
                   params: ["vulnerabilities": [finding("v-0", ["description": true])]],
                   field: "vulnerabilities[0].description", reason: "expected a string, found a boolean"),
        ShapeError(description: "url an object", params: ["vulnerabilities": [finding("v-0", ["url": ["a": 1]])]],
                   field: "vulnerabilities[0].url", reason: "expected a string, found an object"),
        ShapeError(description: "details a number", params: ["vulnerabilities": [finding("v-0", ["details": 1.5])]],
                   field: "vulnerabilities[0].details", reason: "expected a string, found a number"),
        ShapeError(description: "firstSeenAt not a timestamp",
                   params: ["vulnerabilities": [finding("v-0", ["firstSeenAt": "yesterday"])]],
                   field: "vulnerabilities[0].firstSeenAt",
                   reason: "expected an ISO 8601 timestamp like 2026-12-04T15:30:01.123Z"),
        ShapeError(description: "firstSeenAt a number",
                   params: ["vulnerabilities": [finding("v-0", ["firstSeenAt": 1_700_000_000])]],
                   field: "vulnerabilities[0].firstSeenAt",
                   reason: "expected an ISO 8601 timestamp string, found a number"),
        ShapeError(description: "the first bad field in the order of the Vulnerability's fields",
                   params: ["vulnerabilities": [finding("v-0", ["severity": "Bogus", "rule": nil, "title": 1])]],
                   field: "vulnerabilities[0].title", reason: "expected a string, found a number"),
        ShapeError(description: "the first bad element",
                   params: ["vulnerabilities": [finding("v-0"), finding("v-1", ["status": "Gone"]),
                                                finding("v-2", ["id": 2])]],
                   field: "vulnerabilities[1].status",
                   reason: "Cannot initialize VulnerabilityStatus from invalid String value Gone"),
        ShapeError(description: "a shape error wins over rule violations of earlier elements",
                   params: ["vulnerabilities": [finding("  "), finding("v-1", ["rule": false])]],
                   field: "vulnerabilities[1].rule", reason: "expected a string, found a boolean"),
    ]

    @Test("params that do not fit a Vulnerability are -32602 naming the first bad field; nothing is stored",
          arguments: shapeErrors)
    func shapeError(_ input: ShapeError) throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let error = try client.reply(to: client.send("reportVulnerabilities", params: input.params)).requireError()

        #expect(error.code == -32602)
        #expect(error.status == "INVALID_ARGUMENT")
        let violation: JSONValue = ["field": .string(input.field), "description": .string(input.reason)]
        #expect(error.data?["fieldViolations"] == [violation])
        #expect(error.message == "Invalid params: \(input.field): \(input.reason)")
        #expect(try Self.storedIds(client).isEmpty)
    }

    /// Findings that have the right shape but break a rule, and the fields the error must name, in order.
    struct RuleViolation: CustomStringConvertible, Sendable {
        let description: String
        let vulnerabilities: [JSONValue]
        let fields: [String]
    }

    static let ruleViolations: [RuleViolation] = [
        RuleViolation(description: "no findings", vulnerabilities: [], fields: ["vulnerabilities"]),
        RuleViolation(description: "blank identifiers and name",
                      vulnerabilities: [finding("v-0"), finding(" \t", ["applicationId": "", "rule": "\n",
                                                                         "applicationName": "  "])],
                      fields: ["vulnerabilities[1].id", "vulnerabilities[1].applicationId", "vulnerabilities[1].rule",
                               "vulnerabilities[1].applicationName"]),
        RuleViolation(description: "blank with Unicode spaces",
                      vulnerabilities: [finding("\u{3000}\u{00A0}"), finding("v-1", ["applicationName": "\u{2028}"])],
                      fields: ["vulnerabilities[0].id", "vulnerabilities[1].applicationName"]),
        RuleViolation(description: "identifiers longer than 256 characters",
                      vulnerabilities: [finding(String(repeating: "i", count: 257)),
                                        finding("v-1", ["rule": .string(String(repeating: "é", count: 257))])],
                      fields: ["vulnerabilities[0].id", "vulnerabilities[1].rule"]),
        RuleViolation(description: "an id sent twice",
                      vulnerabilities: [finding("v-0"), finding("v-1"), finding("v-0")],
                      fields: ["vulnerabilities[2].id"]),
    ]

    @Test("findings that break a rule are INVALID_ARGUMENT naming every bad field; nothing is stored",
          arguments: ruleViolations)
    func ruleViolation(_ input: RuleViolation) throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let error = try client.call("reportVulnerabilities", ["vulnerabilities": .array(input.vulnerabilities)])
            .requireError()

        #expect(error.status == "INVALID_ARGUMENT")
        #expect(error.violatedFields == input.fields)
        #expect(try Self.storedIds(client).isEmpty)
    }

    @Test("more than 20 bad fields are summarised; more than 10,000 findings are refused")
    func largeRefusals() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let blank = (0..<30).map { Self.finding("v-\($0)", ["title": "t", "rule": " "]) }
        let tooMany = (0...10_000).map { Self.finding("v-\($0)") }

        let summarised = try client.call("reportVulnerabilities", ["vulnerabilities": .array(blank)]).requireError()
        let refused = try client.call("reportVulnerabilities", ["vulnerabilities": .array(tooMany)]).requireError()

        #expect(summarised.violatedFields == (0..<20).map { "vulnerabilities[\($0)].rule" })
        #expect(summarised.message.contains("(and more)"))
        #expect(refused.violatedFields == ["vulnerabilities"])
        #expect(refused.message.contains("split larger scans"))
        #expect(try Self.storedIds(client).isEmpty)
    }

    @Test("identifiers of exactly 256 characters, multi-byte ones included, are accepted")
    func longestIdentifiers() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let longest = String(repeating: "é", count: 256)

        let result = try client.call("reportVulnerabilities", [
            "vulnerabilities": [Self.finding(longest, ["applicationId": .string(longest), "rule": .string(longest)])],
        ]).requireResult()

        #expect(result["created"] == 1)
        #expect(try Self.storedIds(client) == [longest])
    }

    @Test("new and known findings are counted apart; a known one gets the new fields and keeps its discovery")
    func newAndKnown() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let first = try client.call("reportVulnerabilities", [
            "vulnerabilities": [
                Self.finding("v-1", ["firstSeenAt": "2024-05-02T08:00:00.000Z", "description": "first words"]),
                Self.finding("v-2", ["status": "Confirmed", "url": nil, "details": .null]),
            ],
        ]).requireResult()
        let second = try client.call("reportVulnerabilities", [
            "vulnerabilities": [
                Self.finding("v-3"),
                Self.finding("v-1", ["title": "Renamed", "severity": "Critical", "firstSeenAt": "2025-01-01T00:00:00Z",
                                     "unknownMember": "ignored"]),
            ],
        ]).requireResult()

        #expect(first == ["created": 2, "updated": 0, "autoTicketsQueued": 0])
        #expect(second == ["created": 1, "updated": 1, "autoTicketsQueued": 0])
        let known = try #require(try client.call("getVulnerability", ["id": "v-1"]).requireResult()["vulnerability"])
        #expect(known["title"] == "Renamed")
        #expect(known["severity"] == "Critical")
        #expect(known["status"] == "Reported")
        #expect(known["description"] == nil, "a member left out is cleared, like every reported field")
        #expect(known["firstSeenAt"] == "2024-05-02T08:00:00.000Z", "the first reported firstSeenAt is kept")
        let confirmed = try #require(
            try client.call("getVulnerability", ["id": "v-2"]).requireResult()["vulnerability"]
        )
        #expect(confirmed["status"] == "Confirmed")
        #expect(confirmed["details"] == nil)
        #expect(try Self.storedIds(client) == ["v-1", "v-2", "v-3"])
    }

    @Test("ten thousand findings in one call are stored once each, and counted as known when sent again")
    func tenThousand() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let batch = JSONValue.array((0..<10_000).map {
            Self.finding("bulk-\($0)", ["applicationId": .string("app-\($0 % 7)")])
        })

        let first = try client.call("reportVulnerabilities", ["vulnerabilities": batch]).requireResult()
        let again = try client.call("reportVulnerabilities", ["vulnerabilities": batch]).requireResult()

        #expect(first == ["created": 10_000, "updated": 0, "autoTicketsQueued": 0])
        #expect(again == ["created": 0, "updated": 10_000, "autoTicketsQueued": 0])
        let page = try client.call("listVulnerabilities", ["applicationId": "app-3", "limit": 1000]).requireResult()
        #expect(page["vulnerabilities"]?.arrayValue?.count == 1000)
        #expect(page["vulnerabilities"]?[0]?["id"] == "bulk-3")
    }

    /// A valid finding with `changes` applied (a Swift nil removes a member, `.null` sends JSON null).
    static func finding(_ id: String, _ changes: [String: JSONValue?] = [:]) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "applicationId": "app-shop", "applicationName": "Shop",
            "title": .string("Finding \(id)"), "rule": "sql-injection", "severity": "High",
        ]
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            object[key] = value
        }
        return .object(object)
    }

    /// Every stored vulnerability's id, in the order they were first reported.
    static func storedIds(_ client: RPCTestClient) throws -> [String] {
        var ids: [String] = []
        var cursor: JSONValue?
        repeat {
            var params: JSONObject = ["limit": 1000]
            params["cursor"] = cursor
            let page = try client.call("listVulnerabilities", params).requireResult()
            ids += page["vulnerabilities"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            cursor = page["nextCursor"]
        } while cursor != nil
        return ids
    }
}
