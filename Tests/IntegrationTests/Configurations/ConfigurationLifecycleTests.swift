import Foundation
import JSON
import Testing
import TestSupport

/// `configure`, `getConfiguration`, `listConfigurations` and `deleteConfiguration` through the real server.
@Suite("configurations: lifecycle")
struct ConfigurationLifecycleTests {
    @Test("create fills in the defaults of SPEC §5, never shows the token, and says the project is missing")
    func createWithDefaults() throws {
        let bench = try ConfigurationBench()

        let configuration = try bench.create()

        #expect(configuration["apiVersion"] == "2.0")
        #expect(configuration["workItemType"] == "Bug")
        #expect(configuration["titlePrefix"] == true)
        #expect(configuration["excludeSensitiveInfo"] == false)
        #expect(configuration["severityMap"]?["Critical"] == "1 - Critical")
        #expect(configuration["severityMap"]?["Note"] == "4 - Low")
        #expect(configuration["priorityMap"]?["High"] == 2)
        #expect(configuration["twoWay"]?["enabled"] == false)
        #expect(configuration["twoWay"]?["statusMapping"]?["Removed"] == "NotAProblem")
        #expect(configuration["twoWay"]?["reopenStatus"] == "Reported")
        #expect(configuration["autoCreate"]?["severities"] == ["Critical", "High"])
        #expect(configuration["revision"] == 1)
        #expect(configuration["missing"] == ["project"])
        #expect(configuration["personalAccessToken"] == nil)
        let fetched = try bench.client.call("getConfiguration", ["id": configuration["id"]!]).requireResult()
        #expect(fetched["configuration"] == configuration)
    }

    @Test("update keeps left-out members and the token, null restores a default, the revision grows")
    func updateMergesMembers() throws {
        let bench = try ConfigurationBench()
        let created = try bench.create(extra: [
            "project": "Project 0001", "workItemType": "Task", "tags": ["security"],
            "severityMap": ["High": "1 - Critical"],
        ])
        #expect(created["missing"] == [])

        let updated = try bench.update(created, ["workItemType": .null, "applications": ["app-1", "app-1", "app-2"]])
            .requireResult()["configuration"]

        #expect(updated?["revision"] == 2)
        #expect(updated?["workItemType"] == "Bug")
        #expect(updated?["project"] == "Project 0001")
        #expect(updated?["tags"] == ["security"])
        #expect(updated?["severityMap"]?["High"] == "1 - Critical")
        #expect(updated?["applications"] == ["app-1", "app-2"])
        #expect(updated?["createdAt"] == created["createdAt"])
        let test = try bench.client.call("testConnection", ["configurationId": created["id"]!]).requireResult()
        #expect(test["authenticated"] == true, "the stored token should have been kept")

        let cleared = try bench.update(created, ["project": .null]).requireResult()["configuration"]
        #expect(cleared?["project"] == nil)
        #expect(cleared?["missing"] == ["project"])
    }

    @Test("moving to another host without a new token is refused, so the stored token never goes there")
    func hostChangeNeedsToken() throws {
        let bench = try ConfigurationBench()
        let created = try bench.create()
        var components = try #require(URLComponents(string: bench.tracker.collectionURL))
        components.port = components.port == 9 ? 10 : 9
        let otherPort = try #require(components.string)
        let otherPath = bench.tracker.collectionURL + "/Other"

        var refusals: [RPCErrorReply] = []
        for host in [otherPort, otherPath, "https://127.0.0.1:9/DefaultCollection"] {
            refusals.append(try bench.update(created, ["host": .string(host)]).requireError())
        }
        let sameHost = try bench.update(created, ["host": .string(bench.tracker.collectionURL + "/")])
            .requireResult()["configuration"]

        for refusal in refusals {
            #expect(refusal.status == "INVALID_ARGUMENT")
            #expect(refusal.violatedFields == ["personalAccessToken"])
            #expect(refusal.message.contains("personalAccessToken"))
        }
        #expect(sameHost?["revision"] == 2, "a host that only gains a trailing slash keeps the stored token")
        let test = try bench.client.call("testConnection", ["configurationId": created["id"]!]).requireResult()
        #expect(test["authenticated"] == true)
        let moved = try bench.update(created, [
            "host": .string(otherPort), "personalAccessToken": "token-for-the-other-host",
        ]).requireResult()["configuration"]
        #expect(moved?["host"] == .string(otherPort), "with its own token the move is allowed")
    }

    @Test("list is ordered by name; delete answers webhookCleanup and the id is then NOT_FOUND")
    func listAndDelete() throws {
        let bench = try ConfigurationBench()
        let zulu = try bench.create("Zulu")
        _ = try bench.create("alpha")
        #expect(try bench.list().map { $0["name"] } == ["alpha", "Zulu"])

        let deleted = try bench.client.call("deleteConfiguration", ["id": zulu["id"]!]).requireResult()

        #expect(deleted["deleted"] == true)
        #expect(deleted["webhookCleanup"]?["required"] == false)
        #expect(deleted["webhookCleanup"]?["instructions"]?.stringValue?.isEmpty == false)
        #expect(try bench.list().map { $0["name"] } == ["alpha"])
        let get = try bench.client.call("getConfiguration", ["id": zulu["id"]!]).requireError()
        #expect(get.status == "NOT_FOUND")
        #expect(get.message.contains("deleted"))
        #expect(try bench.client.call("deleteConfiguration", ["id": zulu["id"]!]).requireError().status == "NOT_FOUND")
        let unknown = try bench.client.call("getConfiguration", ["id": "no-such-id"]).requireError()
        #expect(unknown.status == "NOT_FOUND")
        #expect(unknown.violatedFields == ["id"])
        #expect(try bench.create("Zulu")["name"] == "Zulu", "a deleted configuration's name is free again")
    }

    @Test("an update with a stale expectedRevision is ABORTED and changes nothing")
    func revisionConflict() throws {
        let bench = try ConfigurationBench()
        let created = try bench.create()
        _ = try bench.update(created, ["project": "Project 0001", "expectedRevision": 1]).requireResult()

        let conflict = try bench.update(created, ["project": "Project 0002", "expectedRevision": 1]).requireError()

        #expect(conflict.code == 10)
        #expect(conflict.status == "ABORTED")
        let stored = try bench.client.call("getConfiguration", ["id": created["id"]!]).requireResult()["configuration"]
        #expect(stored?["project"] == "Project 0001")
        #expect(stored?["revision"] == 2)
    }

    @Test("two-way: a webhook URL under --public-url, a new token when switched on again, cleanup on delete")
    func twoWayWebhookURL() throws {
        let bench = try ConfigurationBench(server: ["--public-url", "https://bridge.example.com/"])
        let created = try bench.create(extra: ["twoWay": ["enabled": true, "statusMapping": ["Done": "Fixed"]]])
        let id = try #require(created["id"]?.stringValue)
        let prefix = "https://bridge.example.com/webhooks/azure-devops/\(id)/"
        let firstURL = try #require(created["twoWay"]?["webhookUrl"]?.stringValue)
        #expect(firstURL.hasPrefix(prefix))
        let token = String(firstURL.dropFirst(prefix.count))
        #expect(token.count == 43 && token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(created["twoWay"]?["statusMapping"] == ["Done": "Fixed"])

        let off = try bench.update(created, ["twoWay": ["enabled": false]]).requireResult()["configuration"]
        #expect(off?["twoWay"]?["webhookUrl"] == nil)
        #expect(off?["twoWay"]?["statusMapping"] == ["Done": "Fixed"], "left-out members of twoWay are kept")
        let on = try bench.update(created, ["twoWay": ["enabled": true]]).requireResult()["configuration"]
        let secondURL = try #require(on?["twoWay"]?["webhookUrl"]?.stringValue)
        #expect(secondURL.hasPrefix(prefix) && secondURL != firstURL)

        let deleted = try bench.client.call("deleteConfiguration", ["id": .string(id)]).requireResult()
        let cleanup = deleted["webhookCleanup"]
        #expect(cleanup?["required"] == true)
        #expect(cleanup?["url"] == .string(prefix))
        #expect(cleanup?["instructions"]?.stringValue?.contains(prefix) == true)
        #expect(!JSONWriter.string(cleanup ?? .null).contains(String(secondURL.dropFirst(prefix.count))))
    }

    @Test("two-way without --public-url or a webhook listener says --public-url is missing")
    func twoWayWithoutPublicURL() throws {
        let bench = try ConfigurationBench()

        let created = try bench.create(extra: ["project": "Project 0001", "twoWay": ["enabled": true]])

        #expect(created["twoWay"]?["webhookUrl"] == nil)
        #expect(created["missing"] == ["--public-url"])
    }

    @Test("autoCreate.enabledAt is set when auto-create is switched on and kept while it stays on")
    func autoCreateEnabledAt() throws {
        let bench = try ConfigurationBench()
        let created = try bench.create()
        #expect(created["autoCreate"]?["enabledAt"] == nil)

        let on = try bench.update(created, ["autoCreate": ["enabled": true, "rules": ["sql-injection"]]])
            .requireResult()["configuration"]
        let enabledAt = try #require(on?["autoCreate"]?["enabledAt"])
        let again = try bench.update(created, ["autoCreate": ["enabled": true, "severities": ["Critical"]]])
            .requireResult()["configuration"]

        #expect(again?["autoCreate"]?["enabledAt"] == enabledAt)
        #expect(again?["autoCreate"]?["rules"] == ["sql-injection"])
        #expect(again?["autoCreate"]?["severities"] == ["Critical"])
        let off = try bench.update(created, ["autoCreate": ["enabled": false]]).requireResult()["configuration"]
        #expect(off?["autoCreate"]?["enabledAt"] == nil)
    }

    @Test("create with an idempotency key replays its result; other params with the key are refused")
    func idempotentCreate() throws {
        let bench = try ConfigurationBench(server: ["--public-url", "https://bridge.example.com"])
        var params = bench.creation(extra: ["twoWay": ["enabled": true]])
        params["_meta"] = ["idempotencyKey": "create-main-1"]

        let first = try bench.client.call("configure", params).requireResult()
        let replay = try bench.client.call("configure", params).requireResult()

        #expect(replay == first)
        #expect(replay["configuration"]?["twoWay"]?["webhookUrl"] != nil)
        #expect(try bench.list().count == 1)
        params["name"] = "Another name"
        let mismatch = try bench.client.call("configure", params).requireError()
        #expect(mismatch.status == "INVALID_ARGUMENT")
        #expect(mismatch.violatedFields == ["_meta.idempotencyKey"])
        #expect(try bench.list().count == 1)
    }

    @Test("neither token appears in any reply, notification or log line")
    func tokensNeverShown() throws {
        let firstToken = "pat-first-7f3a9c1e5b2d4f6a8c0e"
        let secondToken = "pat-second-2b4d6f8a0c1e3a5c7e9f"
        let bench = try ConfigurationBench(
            simulator: ["--pat", firstToken, "--pat", secondToken], server: ["--public-url", "https://b.example.com"]
        )
        let created = try bench.create(extra: ["project": "Project 0001", "twoWay": ["enabled": true]])
        let id = try #require(created["id"])
        _ = try bench.client.call("testConnection", ["configurationId": id, "_meta": ["progressToken": 1]])
            .requireResult()
        _ = try bench.update(created, ["personalAccessToken": .string(secondToken)]).requireResult()
        _ = try bench.client.call("testConnection", ["configurationId": id]).requireResult()
        let wrong = try bench.client.call("testConnection", [
            "host": .string(bench.tracker.collectionURL), "personalAccessToken": .string(firstToken + "x"),
        ]).requireError()
        #expect(wrong.status == "UNAUTHENTICATED")
        let badUsername = try bench.update(created, ["username": .string("me:\(secondToken)")]).requireError()
        #expect(badUsername.violatedFields == ["username"])
        _ = try bench.client.call("getConfiguration", ["id": id]).requireResult()
        _ = try bench.list()
        _ = try bench.client.call("deleteConfiguration", ["id": id]).requireResult()

        let said = bench.everythingTheServerSaid
        #expect(said.contains("configuration created"), "the log should have been captured")
        #expect(!said.contains(firstToken))
        #expect(!said.contains(secondToken))
    }
}
