import Domain
import Foundation
import Storage
import Testing

@Suite("Discussion, webhook deliveries and idempotency keys")
struct DeliveryAndDiscussionTests {
    let fixture: StoreFixture
    var store: Store { fixture.store }

    init() throws {
        fixture = try StoreFixture()
        try fixture.store.configurations.create(sampleConfiguration(), personalAccessToken: "p")
        try fixture.store.vulnerabilities.upsert([sampleVulnerability(id: "v1"), sampleVulnerability(id: "v2")])
    }

    @Test("discussion comments come back per vulnerability in the order they were appended")
    func discussionInOrder() throws {
        let comments = (0..<5).map {
            DiscussionComment(
                at: referenceDate.addingTimeInterval(Double(-$0)), author: "tracker-bridge", text: "c\($0)"
            )
        }
        for comment in comments {
            try store.discussion.append(comment, to: "v1")
        }
        try store.discussion.append(DiscussionComment(at: referenceDate, author: "x", text: "other"), to: "v2")

        #expect(try store.discussion.list(for: "v1") == comments)
        #expect(try store.discussion.list(for: "v2").map(\.text) == ["other"])
        #expect(throws: StorageError.self) {
            try store.discussion.append(comments[0], to: "unknown")
        }
    }

    @Test("a delivery is recorded once; the repeat is reported as a duplicate")
    func deliveriesDeduplicated() throws {
        let delivery = WebhookDelivery(configurationId: "cfg-1", subscriptionId: "s", notificationId: "1")

        #expect(try store.webhookDeliveries.record(delivery, outcome: "applied"))
        #expect(try !store.webhookDeliveries.record(delivery, outcome: "applied"))
        #expect(try store.webhookDeliveries.record(
            WebhookDelivery(configurationId: "cfg-1", subscriptionId: "s", notificationId: "2"), outcome: "stale"
        ))
        #expect(try store.webhookDeliveries.outcome(of: delivery) == "applied")
    }

    @Test("a delivery recorded in a write that fails is rolled back, so the retry is applied")
    func deliveryRollsBackWithItsWork() throws {
        struct ApplyFailed: Error {}
        let delivery = WebhookDelivery(configurationId: "cfg-1", subscriptionId: "s", notificationId: "9")

        #expect(throws: StorageError.self) {
            try store.database.write("applying a webhook") {
                try store.webhookDeliveries.record(delivery, outcome: "applied")
                try store.vulnerabilities.setStatus(.remediated, of: "v1")
                throw ApplyFailed()
            }
        }

        #expect(try store.webhookDeliveries.outcome(of: delivery) == nil)
        #expect(try store.vulnerabilities.get("v1")?.status == .reported)
    }

    @Test("idempotency keys: started, in flight, replay, mismatch, release and expiry")
    func idempotencyKeys() throws {
        let keys = store.idempotencyKeys
        let begin = { (hash: String, now: Date) in
            try keys.begin(key: "k1", method: "createTickets", paramsHash: hash, now: now, retention: 60)
        }

        #expect(try begin("h1", referenceDate) == .started)
        #expect(try begin("h1", referenceDate) == .inFlight)
        #expect(try begin("h2", referenceDate) == .mismatch)
        #expect(try keys.begin(key: "k1", method: "configure", paramsHash: "h1", now: referenceDate) == .mismatch)

        try keys.complete(key: "k1", result: "{\"tickets\":[1]}", now: referenceDate, retention: 60)
        #expect(try begin("h1", referenceDate.addingTimeInterval(30)) == .replay(result: "{\"tickets\":[1]}"))
        #expect(try begin("h1", referenceDate.addingTimeInterval(61)) == .started)

        try keys.release(key: "k1")
        #expect(try begin("h3", referenceDate.addingTimeInterval(62)) == .started)
        #expect(try keys.purgeExpired(now: referenceDate.addingTimeInterval(1000)) == 1)
    }

    @Test("keys left in flight by a crash are released when the store is opened again")
    func inFlightReleasedOnOpen() throws {
        #expect(try store.idempotencyKeys.begin(key: "k", method: "m", paramsHash: "h") == .started)

        let reopened = try fixture.openAnother()

        #expect(try reopened.idempotencyKeys.begin(key: "k", method: "m", paramsHash: "h") == .started)
    }
}
