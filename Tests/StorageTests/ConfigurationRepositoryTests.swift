import Domain
import Foundation
import SQLite
import Storage
import Testing

@Suite("Configuration repository")
struct ConfigurationRepositoryTests {
    let fixture: StoreFixture
    var configurations: ConfigurationRepository { fixture.store.configurations }

    init() throws {
        fixture = try StoreFixture()
    }

    @Test("create stores every setting at revision 1 and get returns it without the webhook URL")
    func createAndGet() throws {
        let created = try configurations.create(sampleConfiguration(), personalAccessToken: "pat", now: referenceDate)

        let loaded = try #require(try configurations.get("cfg-1"))

        #expect(created.revision == 1)
        var expected = sampleConfiguration()
        expected.twoWay.webhookUrl = nil
        #expect(loaded == expected)
        #expect(loaded.missing.isEmpty)
    }

    @Test("names are unique among live configurations, ignoring case")
    func duplicateNameIsAlreadyExists() throws {
        try configurations.create(sampleConfiguration(id: "a", name: "Production"), personalAccessToken: "p")

        let error = try #require(throws: StorageError.self) {
            try configurations.create(sampleConfiguration(id: "b", name: "production"), personalAccessToken: "p")
        }

        #expect(error.kind == .alreadyExists)
        #expect(error.statusName == "ALREADY_EXISTS")
        #expect(error.message.contains("production"))
    }

    @Test("update increments the revision and keeps the token when none is given")
    func updateKeepsToken() throws {
        try configurations.create(sampleConfiguration(), personalAccessToken: "pat-old")
        var changed = sampleConfiguration(applications: ["app-2", "app-3"])
        changed.project = nil

        let updated = try configurations.update(changed, expectedRevision: 1)

        #expect(updated.revision == 2)
        #expect(updated.missing == ["project"])
        #expect(try configurations.get("cfg-1")?.applications.sorted() == ["app-2", "app-3"])
        #expect(try configurations.list(allowingApplication: "app-1").isEmpty)
        #expect(try configurations.list(allowingApplication: "app-3").map(\.id) == ["cfg-1"])
        #expect(try configurations.personalAccessToken(of: "cfg-1") == "pat-old")

        try configurations.update(changed, personalAccessToken: "pat-new")
        #expect(try configurations.personalAccessToken(of: "cfg-1") == "pat-new")
    }

    @Test("an update with a stale expectedRevision is a conflict and changes nothing")
    func staleRevisionConflicts() throws {
        try configurations.create(sampleConfiguration(), personalAccessToken: "pat")
        try configurations.update(sampleConfiguration(name: "Renamed"))

        let error = try #require(throws: StorageError.self) {
            try configurations.update(sampleConfiguration(name: "Lost update"), expectedRevision: 1)
        }

        #expect(error.kind == .conflict)
        #expect(error.statusName == "ABORTED")
        #expect(try configurations.get("cfg-1")?.name == "Renamed")
    }

    @Test("delete keeps a tombstone, forgets the secrets and frees the name")
    func deleteKeepsTombstone() throws {
        try configurations.create(sampleConfiguration(), personalAccessToken: "pat", webhookToken: "hook")

        try configurations.delete("cfg-1", now: referenceDate)

        #expect(try configurations.get("cfg-1") == nil)
        #expect(try configurations.lookup("cfg-1") == .deleted(name: "Production", deletedAt: referenceDate))
        #expect(try configurations.lookup("never-existed") == .unknown)
        #expect(try configurations.list().isEmpty)
        #expect(throws: StorageError.self) { try configurations.webhookToken(of: "cfg-1") }
        #expect(throws: StorageError.self) { try configurations.delete("cfg-1") }
        try configurations.create(sampleConfiguration(id: "cfg-2"), personalAccessToken: "pat")
        #expect(try configurations.list().map(\.id) == ["cfg-2"])
        let reused = try #require(throws: StorageError.self) {
            try configurations.create(sampleConfiguration(id: "cfg-1", name: "Other"), personalAccessToken: "pat")
        }
        #expect(reused.kind == .alreadyExists)
    }

    @Test("list returns live configurations ordered by name")
    func listOrdersByName() throws {
        try configurations.create(sampleConfiguration(id: "z", name: "Staging"), personalAccessToken: "p")
        try configurations.create(sampleConfiguration(id: "y", name: "Development"), personalAccessToken: "p")

        #expect(try configurations.list().map(\.name) == ["Development", "Staging"])
    }

    @Test("webhook tokens can be set, rotated and removed; secrets do not move between configurations")
    func webhookTokens() throws {
        try configurations.create(sampleConfiguration(id: "a", name: "A"), personalAccessToken: "pat-a")
        try configurations.create(sampleConfiguration(id: "b", name: "B"), personalAccessToken: "pat-b")
        #expect(try configurations.webhookToken(of: "a") == nil)

        try configurations.setWebhookToken("one", of: "a")
        try configurations.setWebhookToken("two", of: "a")
        #expect(try configurations.webhookToken(of: "a") == "two")
        try configurations.setWebhookToken(nil, of: "a")
        #expect(try configurations.webhookToken(of: "a") == nil)

        // A sealed token copied into another configuration's row must not decrypt there.
        let raw = try Connection(path: fixture.databasePath)
        try raw.run("""
            UPDATE configurations SET sealed_personal_access_token =
                (SELECT sealed_personal_access_token FROM configurations WHERE id = 'a')
            WHERE id = 'b'
            """)
        let error = try #require(throws: StorageError.self) { try configurations.personalAccessToken(of: "b") }
        #expect(error.kind == .corrupt)
        #expect(!error.message.contains("pat-a"))
    }

    @Test("the last connection test is recorded without changing the revision")
    func recordsConnectionTest() throws {
        try configurations.create(sampleConfiguration(), personalAccessToken: "pat")
        let summary = ConnectionTestSummary(at: referenceDate, ok: false, status: "UNAUTHENTICATED", message: "bad PAT")

        try configurations.recordConnectionTest(summary, of: "cfg-1")

        let loaded = try #require(try configurations.get("cfg-1"))
        #expect(loaded.lastConnectionTest == summary)
        #expect(loaded.revision == 1)
    }

    @Test("operations on an unknown configuration are NOT_FOUND")
    func unknownIsNotFound() throws {
        let error = try #require(throws: StorageError.self) {
            try configurations.update(sampleConfiguration(id: "nope"))
        }
        #expect(error.kind == .notFound)
        #expect(throws: StorageError.self) { try configurations.personalAccessToken(of: "nope") }
        #expect(throws: StorageError.self) { try configurations.setWebhookToken("t", of: "nope") }
    }
}
