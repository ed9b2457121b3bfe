import SQLite
@testable import Storage
import Testing

@Suite("Migration atomicity")
struct MigrationAtomicityTests {
    @Test("a migration that fails halfway leaves the database at the previous version with none of its changes")
    func failedMigrationRollsBack() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("bridge.sqlite3"))
        let broken = Migration(version: 2, summary: "broken", sql: """
            CREATE TABLE half_done (id INTEGER PRIMARY KEY);
            INSERT INTO table_that_does_not_exist VALUES (1);
            """)
        let migrator = Migrator(migrations: [SchemaHistory.version1, broken])

        #expect(throws: SQLiteError.self) { try migrator.migrate(connection) }

        #expect(try Migrator.version(of: connection) == 1)
        let halfDone = try connection.queryFirst("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")
        #expect(try halfDone?.int(0) == 0)
        #expect(!connection.isInTransaction)
    }
}
