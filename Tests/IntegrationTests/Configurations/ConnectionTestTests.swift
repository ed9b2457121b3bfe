import Foundation
import JSON
import Testing
import TestSupport

/// `testConnection` against the simulator: every project with progress, each failure's status and message,
/// deadlines and cancellation.
@Suite("configurations: testConnection")
struct ConnectionTestTests {
    @Test("5,000 projects are listed page by page with one progress notification per page",
          arguments: ["skip", "continuation"])
    func thousandsOfProjects(paging: String) throws {
        let bench = try ConfigurationBench(simulator: ["--projects", "5000", "--paging", paging])
        let configuration = try bench.create(extra: ["apiVersion": "7.1"])

        let result = try bench.client.call("testConnection", [
            "configurationId": configuration["id"]!, "_meta": ["progressToken": "projects"],
        ]).requireResult()

        #expect(result["reachable"] == true && result["authenticated"] == true && result["workItemAccess"] == true)
        #expect(result["user"]?["displayName"]?.stringValue?.isEmpty == false)
        #expect(result["projectCount"] == 5000)
        let names = Set(result["projects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
        #expect(names.count == 5000)
        let progress = bench.client.progress
        #expect(progress.count == 50)
        #expect(progress.allSatisfy { $0.progressToken == "projects" })
        #expect(progress.map(\.progress) == (1...50).map { Double($0 * 100) })
        let stored = try bench.client.call("getConfiguration", ["id": configuration["id"]!]).requireResult()
        #expect(stored["configuration"]?["lastConnectionTest"]?["ok"] == true)
        #expect(stored["configuration"]?["lastConnectionTest"]?["projectCount"] == 5000)
    }

    @Test("unsaved settings can be tested before saving")
    func unsavedSettings() throws {
        let bench = try ConfigurationBench()

        let result = try bench.client.call("testConnection", [
            "host": .string(bench.tracker.collectionURL), "personalAccessToken": .string(bench.tracker.pat),
            "apiVersion": "5.1",
        ]).requireResult()

        #expect(result["projectCount"] == 3)
        #expect(try bench.list().isEmpty)
    }

    @Test("a rejected token is UNAUTHENTICATED however the tracker says it, and is remembered",
          arguments: ["json", "signInPage", "redirect"])
    func rejectedToken(style: String) throws {
        let bench = try ConfigurationBench()
        try bench.tracker.admin.setFaults(["unauthenticated": .string(style)])
        let configuration = try bench.create(extra: ["personalAccessToken": "expired-token"])

        let error = try bench.client.call("testConnection", ["configurationId": configuration["id"]!]).requireError()

        #expect(error.code == 16)
        #expect(error.status == "UNAUTHENTICATED")
        #expect(error.message.contains("token was rejected") && error.message.contains("expired"), "\(error)")
        let stored = try bench.client.call("getConfiguration", ["id": configuration["id"]!]).requireResult()
        #expect(stored["configuration"]?["lastConnectionTest"]?["ok"] == false)
        #expect(stored["configuration"]?["lastConnectionTest"]?["status"] == "UNAUTHENTICATED")
    }

    @Test("a token without the work item scope is PERMISSION_DENIED naming the scope")
    func missingScope() throws {
        let bench = try ConfigurationBench(simulator: ["--pat", "narrow-token:vso.profile"])

        let error = try bench.client.call("testConnection", [
            "host": .string(bench.tracker.collectionURL), "personalAccessToken": "narrow-token",
        ]).requireError()

        #expect(error.code == 7)
        #expect(error.status == "PERMISSION_DENIED")
        #expect(error.message.contains("Work items (read and write)"), "\(error)")
    }

    @Test("a tracker that refuses connections is UNAVAILABLE naming host and port")
    func connectionRefused() throws {
        let bench = try ConfigurationBench()
        let gone = try SimulatorProcess.start()
        let url = gone.collectionURL
        gone.stop()

        let error = try bench.client.call("testConnection", [
            "host": .string(url), "personalAccessToken": "any-token",
        ]).requireError()

        #expect(error.code == 14)
        #expect(error.status == "UNAVAILABLE")
        #expect(error.message.contains("could not connect to 127.0.0.1:\(gone.port)"), "\(error)")
        #expect(error.message.lowercased().contains("refused"), "\(error)")
    }

    @Test("a tracker slower than _meta.timeoutMs ends the call with DEADLINE_EXCEEDED; the server carries on")
    func slowTracker() throws {
        let bench = try ConfigurationBench(simulator: ["--latency-ms", "5000"])
        let configuration = try bench.create()

        let error = try bench.client.call("testConnection", [
            "configurationId": configuration["id"]!, "_meta": ["timeoutMs": 300],
        ]).requireError()

        #expect(error.code == 4)
        #expect(error.status == "DEADLINE_EXCEEDED")
        #expect(try bench.client.call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("rpc.cancel stops a listing mid-way: CANCELLED, no further pages, nothing remembered")
    func cancelledMidway() throws {
        let bench = try ConfigurationBench(simulator: ["--projects", "5000", "--latency-ms", "40"])
        let configuration = try bench.create()
        let id = try bench.client.send("testConnection", [
            "configurationId": configuration["id"]!, "_meta": ["progressToken": "cancel-me"],
        ])
        while bench.client.progress.isEmpty {
            _ = try bench.client.messagesBeforeMarker()
        }

        try bench.client.notify("rpc.cancel", ["id": id])
        let error = try bench.client.reply(to: id).requireError()

        #expect(error.status == "CANCELLED")
        let pagesRead = try bench.tracker.admin.get("/_admin/counters")["requestsByRoute"]?["GET _apis/projects"]
        #expect((pagesRead?.intValue ?? 0) < 50)
        let stored = try bench.client.call("getConfiguration", ["id": configuration["id"]!]).requireResult()
        #expect(stored["configuration"]?["lastConnectionTest"] == nil)
        #expect(try bench.client.call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("params: configurationId or host and token, not both; unknown ids are NOT_FOUND")
    func badParams() throws {
        let bench = try ConfigurationBench()
        let configuration = try bench.create()

        let neither = try bench.client.call("testConnection", [:]).requireError()
        let both = try bench.client.call("testConnection", [
            "configurationId": configuration["id"]!, "host": .string(bench.tracker.collectionURL),
        ]).requireError()
        let badHost = try bench.client.call("testConnection", [
            "host": "file:///etc/passwd", "personalAccessToken": "t",
        ]).requireError()
        let unknown = try bench.client.call("testConnection", ["configurationId": "nope"]).requireError()

        #expect(neither.status == "INVALID_ARGUMENT")
        #expect(neither.violatedFields.contains("configurationId"))
        #expect(both.violatedFields == ["host"])
        #expect(badHost.violatedFields == ["host"])
        #expect(unknown.status == "NOT_FOUND")
    }
}
