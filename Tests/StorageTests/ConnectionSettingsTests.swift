@testable import Storage
import Testing

@Suite("Connection settings")
struct ConnectionSettingsTests {
    @Test("the store runs with WAL, synchronous FULL, foreign keys on and a busy timeout")
    func pragmas() throws {
        let fixture = try StoreFixture()
        let connection = fixture.store.database.connection

        #expect(try connection.queryFirst("PRAGMA journal_mode")?.string(0) == "wal")
        #expect(try connection.queryFirst("PRAGMA synchronous")?.int(0) == 2)
        #expect(try connection.queryFirst("PRAGMA foreign_keys")?.int(0) == 1)
        let busyTimeout = try connection.queryFirst("PRAGMA busy_timeout")?.int(0)
        #expect(busyTimeout == Int(Database.defaultBusyTimeoutMilliseconds))
    }
}
