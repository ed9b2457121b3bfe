import HTTP
import JSON
import Simulator
import TestSupport
import Testing

@Suite("Simulator work items")
struct SimulatorWorkItemTests {
    @Test("create keeps tags and severity, starts in the process's first state and links the web page")
    func create() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let response = try await session.createWorkItem(fields: [
                ("System.Title", "[Shop] SQL injection"),
                ("System.Tags", "security; tracker-bridge:abc"),
                ("Microsoft.VSTS.Common.Severity", "1 - Critical"),
                ("System.AssignedTo", "bob@example.com"),
            ])

            #expect(response.status == 200)
            let item = try response.json()
            let id = try #require(item["id"]?.intValue)
            #expect(item["rev"]?.intValue == 1)
            #expect(item["fields"]?["System.State"]?.stringValue == "New")
            #expect(item["fields"]?["System.Tags"]?.stringValue == "security; tracker-bridge:abc")
            #expect(item["fields"]?["Microsoft.VSTS.Common.Severity"]?.stringValue == "1 - Critical")
            #expect(item["fields"]?["System.AssignedTo"]?["uniqueName"]?.stringValue == "bob@example.com")
            #expect(item["_links"]?["html"]?["href"]?.stringValue
                == "\(session.collectionURL)/Project%200001/_workitems/edit/\(id)")
        }
    }

    @Test("2.0 creates with PATCH, shows identities as strings and refuses POST")
    func legacyCreate() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            let body: JSONValue = [["op": "add", "path": "/fields/System.Title", "value": "XSS"]]
            let path = "Project%200001/_apis/wit/workitems/$Bug?api-version=2.0"

            let patched = try await session.send("PATCH", path, contentType: "application/json-patch+json", body: body)
            let posted = try await session.send("POST", path, contentType: "application/json-patch+json", body: body)

            #expect(patched.status == 200)
            #expect(try patched.json()["fields"]?["System.CreatedBy"]?.stringValue == "Alice Admin <alice@example.com>")
            #expect(posted.status == 405)
        }
    }

    @Test("the initial state and the Severity field follow the process", arguments: [
        (ProcessTemplate.scrum, "Bug", "New", true),
        (ProcessTemplate.cmmi, "Bug", "Proposed", true),
        (ProcessTemplate.basic, "Issue", "To Do", false),
    ])
    func processes(process: ProcessTemplate, type: String, initialState: String, hasSeverity: Bool) async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) { $0.process = process }
            defer { session.close() }

            let created = try await session.createWorkItem(type: type, fields: [("System.Title", "Finding")])
            let types = try await session.send("GET", "Project%200001/_apis/wit/workitemtypes?api-version=5.0").json()

            #expect(try created.json()["fields"]?["System.State"]?.stringValue == initialState)
            let definition = try #require(types["value"]?.arrayValue?.first { $0["name"]?.stringValue == type })
            let fields = definition["fieldInstances"]?.arrayValue?.compactMap { $0["referenceName"]?.stringValue } ?? []
            #expect(fields.contains("Microsoft.VSTS.Common.Severity") == hasSeverity)
            #expect(definition["transitions"]?[initialState]?.arrayValue?.isEmpty == false)
        }
    }

    @Test("Agile: only Bug carries Severity, and type states come with categories on 5.0")
    func agileTypes() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let types = try await session.send("GET", "Project%200001/_apis/wit/workitemtypes?api-version=2.0").json()
            let statesPath = "Project%200001/_apis/wit/workitemtypes/Bug/states?api-version=5.0"
            let states = try await session.send("GET", statesPath).json()

            let withSeverity = types["value"]?.arrayValue?.filter { type in
                type["fieldInstances"]?.arrayValue?.contains { $0["referenceName"]?.stringValue
                    == "Microsoft.VSTS.Common.Severity" } == true
            }.compactMap { $0["name"]?.stringValue }
            #expect(withSeverity == ["Bug"])
            let closed = states["value"]?.arrayValue?.first { $0["name"]?.stringValue == "Closed" }
            #expect(closed?["category"]?.stringValue == "Completed")
        }
    }

    @Test("read many, WIQL by tag and an update guarded by test /rev")
    func readQueryUpdate() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            let first = try await session.createWorkItem(fields: [("System.Title", "One"), ("System.Tags", "marker-1")])
            _ = try await session.createWorkItem(fields: [("System.Title", "Two"), ("System.Tags", "marker-10")])
            let id = try #require(try first.json()["id"]?.intValue)

            let many = try await session.send("GET", "_apis/wit/workitems?ids=1,2&api-version=5.0").json()
            let wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project "
                + "AND [System.Tags] CONTAINS 'marker-1' ORDER BY [System.Id]"
            let query: JSONValue = ["query": .string(wiql)]
            let found = try await session.send("POST", "Project%200001/_apis/wit/wiql?api-version=5.0",
                                               contentType: "application/json", body: query).json()
            let stale: JSONValue = [["op": "test", "path": "/rev", "value": 7],
                                    ["op": "add", "path": "/fields/System.State", "value": "Active"]]
            let rejected = try await session.send("PATCH", "_apis/wit/workitems/\(id)?api-version=5.0",
                                                  contentType: "application/json-patch+json", body: stale)
            let current: JSONValue = [["op": "test", "path": "/rev", "value": 1],
                                      ["op": "add", "path": "/fields/System.State", "value": "Active"]]
            let updated = try await session.send("PATCH", "_apis/wit/workitems/\(id)?api-version=5.0",
                                                 contentType: "application/json-patch+json", body: current).json()

            #expect(many["count"]?.intValue == 2)
            #expect(found["workItems"]?.arrayValue?.compactMap { $0["id"]?.intValue } == [id])
            #expect(rejected.status == 400)
            #expect(try rejected.json()["message"]?.stringValue?.hasPrefix("VS402625") == true)
            #expect(updated["rev"]?.intValue == 2)
            #expect(updated["fields"]?["System.State"]?.stringValue == "Active")
        }
    }

    @Test("rule errors come back in the tracker's envelope", arguments: [
        ("Project%209999", "Bug", [("System.Title", JSONValue("x"))], 404, "TF200016",
         "ProjectDoesNotExistWithNameException"),
        ("Project%200001", "Gizmo", [("System.Title", JSONValue("x"))], 404, "VS402323",
         "WorkItemTypeNotFoundException"),
        ("Project%200001", "Bug", [("System.Tags", JSONValue("t"))], 400, "TF401320", "RuleValidationException"),
        ("Project%200001", "Bug", [("System.Title", "x"), ("Custom.Nope", "y")], 400, "TF51535",
         "WorkItemFieldInvalidException"),
        ("Project%200001", "Task", [("System.Title", "x"), ("Microsoft.VSTS.Common.Severity", "1 - Critical")], 400,
         "TF51535", "WorkItemFieldInvalidException"),
        ("Project%200001", "Bug", [("System.Title", "x"), ("Microsoft.VSTS.Common.Severity", "0 - Doom")], 400,
         "TF401320", "RuleValidationException"),
        ("Project%200001", "Bug", [("System.Title", "x"), ("System.State", "Flying")], 400,
         "TF401320", "RuleValidationException"),
        ("Project%200001", "Bug", [("System.Title", "x"), ("System.AssignedTo", "mallory@example.com")], 400,
         "The identity value", "WorkItemFieldInvalidException"),
    ] as [(String, String, [(String, JSONValue)], Int, String, String)])
    func ruleErrors(project: String, type: String, fields: [(String, JSONValue)], status: Int, code: String,
                    typeKey: String) async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let response = try await session.createWorkItem(project: project, type: type, fields: fields)

            #expect(response.status == status)
            let error = try response.json()
            #expect(error["message"]?.stringValue?.hasPrefix(code) == true)
            #expect(error["typeKey"]?.stringValue == typeKey)
            #expect(error["typeName"]?.stringValue?.contains(", ") == true)
            #expect(error["innerException"]?.isNull == true)
        }
    }

    @Test("more than 200 ids, an unknown work item and a too-new API version are refused")
    func requestErrors() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) { $0.maximumAPIVersion = APIVersion("3.2")! }
            defer { session.close() }
            let ids = (1...201).map(String.init).joined(separator: ",")

            let tooMany = try await session.send("GET", "_apis/wit/workitems?ids=\(ids)&api-version=2.0")
            let missing = try await session.send("GET", "_apis/wit/workitems/42?api-version=2.0")
            let tooNew = try await session.send("GET", "_apis/projects?api-version=5.0")

            #expect(tooMany.status == 400)
            #expect(missing.status == 404)
            #expect(try missing.json()["message"]?.stringValue?.hasPrefix("TF401232") == true)
            #expect(tooNew.status == 400)
            let envelope = try tooNew.json()
            #expect(envelope["typeKey"]?.stringValue == "VssVersionOutOfRangeException")
            #expect(envelope["message"]?.stringValue == "The requested REST API version of 5.0 is out of range for "
                + "this server. The latest REST API version this server supports is 3.2.")
        }
    }

    @Test("the admin API changes a state and deleted items vanish from reads and queries until restored")
    func adminStateDeleteRestore() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            _ = try await session.createWorkItem(fields: [("System.Title", "One"), ("System.Tags", "m")])

            let closed = try await session.admin("POST", "workitems/1/state",
                                                 ["state": "Closed", "by": "carol@example.com"])
            try await session.admin("POST", "workitems/1/delete")
            let whileDeleted = try await session.send("GET", "_apis/wit/workitems/1?api-version=5.0")
            try await session.admin("POST", "workitems/1/restore")
            let restored = try await session.send("GET", "_apis/wit/workitems/1?api-version=5.0").json()
            let held = try await session.admin("GET", "workitems/1")

            #expect(closed["state"]?.stringValue == "Closed")
            #expect(whileDeleted.status == 404)
            #expect(restored["fields"]?["System.ChangedBy"]?["uniqueName"]?.stringValue == "carol@example.com")
            #expect(held["revisions"]?.arrayValue?.count == 2)
            #expect(held["isDeleted"]?.boolValue == false)
        }
    }
}
