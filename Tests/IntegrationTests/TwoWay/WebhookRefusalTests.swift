import Foundation
import JSON
import TestSupport
import Testing

/// What the webhook listener refuses, and that a refusal changes nothing and gives nothing away.
@Suite("Webhook listener refusals", .serialized)
struct WebhookRefusalTests {
    /// A real-shaped close of `workItemId`, as the tracker would send it.
    static func closing(_ workItemId: Int, notificationId: Int = 1, rev: Int = 2) -> [UInt8] {
        JSONWriter.bytes([
            "subscriptionId": "00000000-0000-4000-8000-00000000000a",
            "notificationId": .number(JSONNumber(notificationId)),
            "id": "7a4e2f00-0000-4000-8000-000000000001", "eventType": "workitem.updated", "publisherId": "tfs",
            "resourceVersion": "1.0",
            "resource": [
                "id": 1, "workItemId": .number(JSONNumber(workItemId)), "rev": .number(JSONNumber(rev)),
                "revisedBy": "Mallory <mallory@example.com>",
                "fields": ["System.State": ["oldValue": "New", "newValue": "Closed"]],
            ],
        ])
    }

    /// The path of a webhook URL.
    static func path(of url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        return components.percentEncodedPath
    }

    @Test("a forged token, an unknown and a deleted configuration all get the same 401, and nothing changes")
    func forgedTokens() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        let doomed = try bench.configure(name: "Doomed")
        try bench.report(["f-1"])
        let workItemId = try #require(try bench.createTicket(configuration.id, ["f-1"])["workItemId"]?.intValue)
        _ = try bench.client.call("deleteConfiguration", ["id": .string(doomed.id)]).requireResult()
        let port = try #require(bench.webhookPort)
        let token = try #require(configuration.url.split(separator: "/").last.map(String.init))

        let attempts = [
            "/webhooks/azure-devops/\(configuration.id)/\(String(token.reversed()))",
            "/webhooks/azure-devops/\(UUID().uuidString.lowercased())/\(token)",
            try Self.path(of: doomed.url),
        ]
        var bodies: Set<[UInt8]> = []
        for path in attempts {
            let answer = try PlainHTTPExchange.send(
                port: port, method: "POST", path: path, body: Self.closing(workItemId)
            )
            #expect(answer.status == 401)
            bodies.insert(answer.body)
        }
        #expect(bodies.count == 1)

        let reply = try bench.client.call("handleWebhook", [
            "configurationId": .string(doomed.id), "token": .string(token),
            "payload": .string(String(decoding: Self.closing(workItemId), as: UTF8.self)),
        ])
        #expect(try reply.requireError().status == "UNAUTHENTICATED")

        #expect(try bench.status("f-1") == "Reported")
        #expect(try bench.discussion("f-1").isEmpty)
        let reasons = ["wrong token", "unknown configuration", "configuration deleted"]
        for reason in reasons.map({ "reason=\"\($0)\"" }) {
            #expect(!bench.server.logLines(containing: "webhook delivery refused", reason).isEmpty)
        }
        #expect(!bench.server.log.contains(token))
    }

    @Test("a configuration id not shaped like one is refused before lookup and logged as invalid, never as sent")
    func malformedConfigurationIds() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        let port = try #require(bench.webhookPort)
        let token = try #require(configuration.url.split(separator: "/").last.map(String.init))
        let long = String(repeating: "a", count: 5_000) + token

        let attempts = [
            "/webhooks/azure-devops/\(configuration.id)%2F\(token)",
            "/webhooks/azure-devops/\(token)",
            "/webhooks/azure-devops/\(long)/x",
        ]
        for path in attempts {
            let answer = try PlainHTTPExchange.send(port: port, method: "POST", path: path, body: Self.closing(1))
            #expect(answer.status == 401)
        }

        let refusals = bench.server.logLines(containing: "webhook delivery refused", "malformed configuration id")
        #expect(refusals.count == attempts.count)
        #expect(refusals.allSatisfy { $0.contains("config.id=invalid") })
        #expect(!bench.server.log.contains(token))
    }

    @Test("a malformed body is a 400 naming the field and changes nothing; the header may carry the token")
    func malformedBodies() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["g-1"])
        let workItemId = try #require(try bench.createTicket(configuration.id, ["g-1"])["workItemId"]?.intValue)
        let port = try #require(bench.webhookPort)
        let path = try Self.path(of: configuration.url)

        let notJSON = try PlainHTTPExchange.send(port: port, method: "POST", path: path, body: Array("{oops".utf8))
        #expect(notJSON.status == 400)
        var withoutRevision = try JSONParser.parse(Self.closing(workItemId)).objectValue ?? [:]
        withoutRevision["resource"] = ["workItemId": .number(JSONNumber(workItemId)),
                                       "fields": ["System.State": ["newValue": "Closed"]]]
        let missing = try PlainHTTPExchange.send(
            port: port, method: "POST", path: path, body: JSONWriter.bytes(.object(withoutRevision))
        )
        #expect(missing.status == 400)
        #expect(missing.json?["error"]?.stringValue?.contains("resource.rev") == true)
        #expect(try bench.status("g-1") == "Reported")
        #expect(try bench.discussion("g-1").isEmpty)

        let token = try #require(configuration.url.split(separator: "/").last.map(String.init))
        let viaHeader = try PlainHTTPExchange.send(
            port: port, method: "POST", path: "/webhooks/azure-devops/\(configuration.id)",
            headers: ["X-Tracker-Bridge-Token": token], body: Self.closing(workItemId)
        )
        #expect(viaHeader.status == 200)
        #expect(viaHeader.json?["outcome"] == "applied")
        #expect(try bench.status("g-1") == "Remediated")
    }

    @Test("healthz, unknown paths, wrong methods and bodies over 4 MiB")
    func listenerRoutes() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        let port = try #require(bench.webhookPort)

        #expect(try PlainHTTPExchange.send(port: port, method: "GET", path: "/healthz").status == 200)
        #expect(try PlainHTTPExchange.send(port: port, method: "GET", path: "/elsewhere").status == 404)
        let get = try PlainHTTPExchange.send(port: port, method: "GET", path: try Self.path(of: configuration.url))
        #expect(get.status == 405)
        #expect(get.headers["allow"] == "POST")
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: 4 * 1024 * 1024 + 1)
        let tooLarge = try PlainHTTPExchange.send(
            port: port, method: "POST", path: try Self.path(of: configuration.url), body: huge
        )
        #expect(tooLarge.status == 413)
    }

    @Test("rotateWebhookToken retires the old URL at once")
    func rotation() throws {
        let bench = try TwoWayBench()
        let configuration = try bench.configure()
        try bench.report(["t-1"])
        let workItemId = try #require(try bench.createTicket(configuration.id, ["t-1"])["workItemId"]?.intValue)
        let port = try #require(bench.webhookPort)

        let rotated = try bench.client.call("rotateWebhookToken", ["configurationId": .string(configuration.id)])
        let newURL = try #require(try rotated.requireResult()["webhookUrl"]?.stringValue)
        #expect(newURL != configuration.url)
        let shown = try bench.client.call("getConfiguration", ["id": .string(configuration.id)]).requireResult()
        #expect(shown["configuration"]?["twoWay"]?["webhookUrl"]?.stringValue == newURL)

        let old = try PlainHTTPExchange.send(
            port: port, method: "POST", path: try Self.path(of: configuration.url), body: Self.closing(workItemId)
        )
        #expect(old.status == 401)
        let new = try PlainHTTPExchange.send(
            port: port, method: "POST", path: try Self.path(of: newURL), body: Self.closing(workItemId)
        )
        #expect(new.status == 200)
        #expect(try bench.status("t-1") == "Remediated")

        let unknown = try bench.client.call("rotateWebhookToken", ["configurationId": "nope"])
        #expect(try unknown.requireError().status == "NOT_FOUND")
    }
}
