import Domain
import Foundation
import SQLite
import Storage
import Testing

@Suite("Migrations")
struct MigrationTests {
    let directory: TemporaryDirectory
    var databasePath: String { directory.file("bridge.sqlite3") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test("an empty database is migrated to the newest version, one recorded step at a time")
    func migratesEmptyDatabase() throws {
        let connection = try Connection(path: databasePath)

        let applied = try Migrator().migrate(connection)

        #expect(applied == Array(1...Migrator.latestVersion))
        #expect(try Migrator.version(of: connection) == Migrator.latestVersion)
        #expect(try Migrator().migrate(connection).isEmpty)
    }

    @Test("a database at every earlier version keeps its data when opened", arguments: 0..<3)
    func migratesWithData(fromVersion version: Int) throws {
        #expect(Migrator.latestVersion == 3, "add the new version to this test's arguments and seed data")
        do {
            let connection = try Connection(path: databasePath)
            try Migrator().migrate(connection, upTo: version)
            #expect(try Migrator.version(of: connection) == version)
            try seed(connection, version: version)
        }

        let store = try Store.open(databasePath: databasePath, keyFilePath: directory.file("bridge.key"))

        #expect(try store.database.integrityCheck() == ["ok"])
        let connection = try Connection(path: databasePath, readOnly: true)
        #expect(try Migrator.version(of: connection) == Migrator.latestVersion)
        if version >= 1 {
            let configuration = try #require(try store.configurations.get("cfg-old"))
            #expect(configuration.name == "Legacy")
            #expect(configuration.applications == ["app-1"])
            #expect(try store.configurations.list(allowingApplication: "app-1").map(\.id) == ["cfg-old"])
            #expect(try store.vulnerabilities.get("v-old")?.status == .confirmed)
            let ticket = try #require(try store.tickets.find(workItemId: 41, in: "cfg-old"))
            #expect(ticket.vulnerabilityIds == ["v-old"])
            #expect(ticket.ticket?.state == "Active")
            #expect(try store.discussion.list(for: "v-old").map(\.text) == ["seeded at v1"])
        }
        if version >= 2 {
            let delivery = WebhookDelivery(configurationId: "cfg-old", subscriptionId: "sub", notificationId: "7")
            #expect(try store.webhookDeliveries.outcome(of: delivery) == "applied")
            let replay = try store.idempotencyKeys.begin(
                key: "idem", method: "createTickets", paramsHash: "h", now: referenceDate
            )
            #expect(replay == .replay(result: "{\"tickets\":[]}"))
        }
        // The newest tables work on the migrated file.
        #expect(try store.jobs.enqueue(kind: "autoTicket", payload: "{}").inserted)
    }

    /// Rows written with the SQL of `version`, as a binary of that version would have written them.
    private func seed(_ connection: Connection, version: Int) throws {
        if version >= 1 {
            var configuration = sampleConfiguration(id: "cfg-old", name: "Legacy")
            configuration.twoWay.webhookUrl = nil
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .millisecondsSince1970
            let settings = String(decoding: try encoder.encode(configuration), as: UTF8.self)
            let millis = Int64(referenceDate.timeIntervalSince1970 * 1000)
            try connection.execute(script: """
                INSERT INTO configurations (id, name, revision, settings, created_at, updated_at)
                    VALUES ('cfg-old', 'Legacy', 4, '\(settings)', \(millis), \(millis));
                INSERT INTO configuration_applications VALUES ('cfg-old', 'app-1');
                INSERT INTO vulnerabilities (id, application_id, application_name, title, rule, severity, status,
                    discovered_at, updated_at)
                    VALUES ('v-old', 'app-1', 'Shop', 'XSS', 'xss', 'High', 'Confirmed', \(millis), \(millis));
                INSERT INTO tickets (id, configuration_id, lifecycle, marker, origin, project, work_item_type,
                    work_item_id, url, state, open, last_revision, created_at, updated_at)
                    VALUES ('t-old', 'cfg-old', 'created', 'tb-t-old', 'manual', 'Web', 'Bug', 41, 'http://wi/41',
                        'Active', 1, 3, \(millis), \(millis));
                INSERT INTO ticket_vulnerabilities VALUES ('t-old', 'v-old', 0);
                INSERT INTO discussion_comments (vulnerability_id, at, author, text)
                    VALUES ('v-old', \(millis), 'tracker-bridge', 'seeded at v1');
                """)
        }
        if version >= 2 {
            let expiry = Int64(referenceDate.addingTimeInterval(3600).timeIntervalSince1970 * 1000)
            try connection.execute(script: """
                INSERT INTO webhook_deliveries VALUES ('cfg-old', 'sub', '7', 'applied', 0);
                INSERT INTO idempotency_keys VALUES ('idem', 'createTickets', 'h', 'completed', '{"tickets":[]}', 0,
                    \(expiry));
                """)
        }
    }
}
