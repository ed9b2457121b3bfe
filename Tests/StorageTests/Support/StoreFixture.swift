import Domain
import Foundation
import Storage

/// A store on a real database file in its own temporary directory, plus builders for sample records.
final class StoreFixture {
    let directory: TemporaryDirectory
    let store: Store

    var databasePath: String { directory.file("bridge.sqlite3") }
    var keyFilePath: String { directory.file("bridge.key") }

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store.open(
            databasePath: directory.file("bridge.sqlite3"), keyFilePath: directory.file("bridge.key")
        )
    }

    /// Opens a second, independent store on the same files (another connection, as another process would).
    func openAnother(busyTimeoutMilliseconds: Int32 = Database.defaultBusyTimeoutMilliseconds) throws -> Store {
        try Store.open(
            databasePath: databasePath, keyFilePath: keyFilePath, busyTimeoutMilliseconds: busyTimeoutMilliseconds
        )
    }
}
