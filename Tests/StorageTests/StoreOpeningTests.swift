import Crypto
import Foundation
import SQLite
@testable import Storage
import Testing

@Suite("Opening the store")
struct StoreOpeningTests {
    let directory: TemporaryDirectory
    var databasePath: String { directory.file("var/bridge.sqlite3") }
    var keyFilePath: String { directory.file("var/bridge.key") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func open() throws -> Store {
        try Store.open(databasePath: databasePath, keyFilePath: keyFilePath)
    }

    private func openError() throws -> StorageError {
        try #require(throws: StorageError.self) { _ = try open() }
    }

    private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test("a new database gets the newest schema and a new key file with mode 0600")
    func createsDatabaseAndKey() throws {
        let store = try open()

        var status = stat()
        #expect(stat(keyFilePath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try store.database.integrityCheck() == ["ok"])
        let connection = try Connection(path: databasePath, readOnly: true)
        #expect(try Migrator.version(of: connection) == Migrator.latestVersion)
    }

    @Test("reopening with the same key reads the secrets back")
    func reopensWithSameKey() throws {
        do {
            let store = try open()
            try store.configurations.create(sampleConfiguration(), personalAccessToken: "pat-one", webhookToken: "hook")
        }

        let reopened = try open()

        #expect(try reopened.configurations.personalAccessToken(of: "cfg-1") == "pat-one")
        #expect(try reopened.configurations.webhookToken(of: "cfg-1") == "hook")
    }

    @Test("a wrong key file is refused with a clear message and changes neither file")
    func wrongKeyRefused() throws {
        do {
            let store = try open()
            try store.configurations.create(sampleConfiguration(), personalAccessToken: "pat-one")
        }
        let otherKey = SecretKeyFile(path: directory.file("other.key"))
        _ = try otherKey.create()
        try FileManager.default.removeItem(atPath: keyFilePath)
        try FileManager.default.copyItem(atPath: otherKey.path, toPath: keyFilePath)
        let databaseBefore = contents(databasePath)
        let keyBefore = contents(keyFilePath)

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message.contains("secret key file \(keyFilePath) does not match"))
        #expect(error.message.contains("restore the key file"))
        #expect(contents(databasePath) == databaseBefore)
        #expect(contents(keyFilePath) == keyBefore)
    }

    @Test("a missing key file for an existing database is refused and not recreated")
    func missingKeyRefused() throws {
        do {
            let store = try open()
            try store.configurations.create(sampleConfiguration(), personalAccessToken: "pat-one")
        }
        try FileManager.default.removeItem(atPath: keyFilePath)
        let databaseBefore = contents(databasePath)

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message.contains("is missing"))
        #expect(!FileManager.default.fileExists(atPath: keyFilePath))
        #expect(contents(databasePath) == databaseBefore)
    }

    @Test("a key file readable by others is refused with the chmod to run")
    func insecureKeyRefused() throws {
        do { _ = try open() }
        chmod(keyFilePath, 0o644)

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message.contains("chmod 600 \(keyFilePath)"))
    }

    @Test("a database written by a newer binary is refused and left unmodified")
    func newerSchemaRefused() throws {
        do { _ = try open() }
        do {
            let connection = try Connection(path: databasePath)
            try connection.execute(script: "PRAGMA user_version = 99")
        }
        let databaseBefore = contents(databasePath)

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message == "database at \(databasePath) was written by a newer tracker-bridge (schema 99, "
            + "this binary knows \(Migrator.latestVersion)): upgrade the binary; the database was not modified")
        #expect(contents(databasePath) == databaseBefore)
    }

    @Test("an SQLite database of another program is refused and left alone")
    func foreignDatabaseRefused() throws {
        try FileManager.default.createDirectory(atPath: directory.file("var"), withIntermediateDirectories: true)
        do {
            let connection = try Connection(path: databasePath)
            try connection.execute(script: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        }
        let databaseBefore = contents(databasePath)

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message.contains("is not a tracker-bridge database"))
        #expect(contents(databasePath) == databaseBefore)
        #expect(!FileManager.default.fileExists(atPath: keyFilePath))
    }

    @Test("a file that is not a database is refused with a clear message")
    func notADatabaseRefused() throws {
        try FileManager.default.createDirectory(atPath: directory.file("var"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: databasePath, contents: Data(repeating: 0x41, count: 4096))

        let error = try openError()

        #expect(error.kind == .cannotOpen)
        #expect(error.message.contains("is not a readable tracker-bridge database"))
    }

    @Test("the files on disk never contain the personal access token or the webhook token")
    func secretsEncryptedOnDisk() throws {
        let pat = "pat-3f9a1c7e5b2d4068a1b2c3d4e5f60718"
        let webhookToken = "hook-8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
        var store: Store? = try open()
        try store?.configurations.create(sampleConfiguration(), personalAccessToken: pat, webhookToken: webhookToken)
        try store?.configurations.setPersonalAccessToken(pat + "-rotated", of: "cfg-1")

        let whileOpen = try bytesOfDatabaseFiles()
        store = nil
        let afterClose = try bytesOfDatabaseFiles()

        for bytes in [whileOpen, afterClose] {
            #expect(!bytes.isEmpty)
            #expect(!bytes.containsSubsequence(Array(pat.utf8)))
            #expect(!bytes.containsSubsequence(Array(webhookToken.utf8)))
        }
        #expect(try open().configurations.personalAccessToken(of: "cfg-1") == pat + "-rotated")
    }

    /// The main file, the WAL and the shared-memory index: everything SQLite writes.
    private func bytesOfDatabaseFiles() throws -> [UInt8] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.file("var"))
        return names.filter { $0.hasPrefix("bridge.sqlite3") }.flatMap { name in
            Array(contents(directory.file("var/" + name)) ?? Data())
        }
    }
}
