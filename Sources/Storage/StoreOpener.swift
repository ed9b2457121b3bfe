import Crypto
import Foundation
import Logging
import SQLite

/// The start-up sequence behind `Store.open`: refuse what cannot be used, before writing anything.
struct StoreOpener {
    let databasePath: String
    let keyFilePath: String
    let logger: Logger

    func open(busyTimeoutMilliseconds: Int32) throws -> Database {
        try createDirectory(containing: databasePath)
        let connection = try openConnection()
        connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)

        let version = try schemaVersion(connection)
        try Migrator.refuseNewer(version, path: databasePath)
        if version == 0 {
            try refuseForeignTables(connection)
        }

        let storedKeyCheck = version >= 1 ? try readKeyCheck(connection) : nil
        let key = try loadKey(databaseHasSecrets: storedKeyCheck != nil)
        let vault = SecretVault(key: key)
        if let storedKeyCheck, !vault.matchesKeyCheck(storedKeyCheck) {
            throw StorageError(
                .cannotOpen,
                "secret key file \(keyFilePath) does not match the database at \(databasePath): restore the key "
                    + "file that was used when the database was created; nothing was changed"
            )
        }

        try configure(connection)
        try migrate(connection)
        if storedKeyCheck == nil {
            try storeKeyCheck(vault, connection)
        }
        logger.info("database open", ["db.path": databasePath, "db.version": Migrator.latestVersion])
        return Database(connection: connection, vault: vault, logger: logger)
    }

    private func openConnection() throws -> Connection {
        do {
            return try Connection(path: databasePath)
        } catch {
            throw StorageError(
                .cannotOpen, "cannot open the database at \(databasePath): \(error); check the path and permissions"
            )
        }
    }

    private func schemaVersion(_ connection: Connection) throws -> Int {
        do {
            return try Migrator.version(of: connection)
        } catch {
            throw StorageError(
                .cannotOpen,
                "\(databasePath) is not a readable tracker-bridge database (\(error)): point --database at the "
                    + "right file or restore it from backup"
            )
        }
    }

    /// A database at version 0 must be empty: tables there belong to another program, not to an older us.
    private func refuseForeignTables(_ connection: Connection) throws {
        let tableCount = try? connection.queryFirst("SELECT count(*) FROM sqlite_master")?.int(0)
        guard let tableCount, tableCount > 0 else { return }
        throw StorageError(
            .cannotOpen,
            "\(databasePath) holds tables but is not a tracker-bridge database: point --database at a new or "
                + "tracker-bridge file; nothing was changed"
        )
    }

    private func readKeyCheck(_ connection: Connection) throws -> [UInt8]? {
        do {
            let row = try connection.queryFirst(
                "SELECT value FROM storage_metadata WHERE key = ?", [SecretVault.keyCheckMetadataKey]
            )
            return try row?.blob(0)
        } catch {
            throw StorageError.classify(error, operation: "reading the key check")
        }
    }

    /// Loads the key file, or creates it for a database that holds no secrets yet.
    private func loadKey(databaseHasSecrets: Bool) throws -> SecretKey {
        let keyFile = SecretKeyFile(path: keyFilePath)
        do {
            if keyFile.exists {
                return try keyFile.load()
            }
            guard !databaseHasSecrets else {
                throw StorageError(
                    .cannotOpen,
                    "secret key file \(keyFilePath) is missing, but the database at \(databasePath) holds secrets "
                        + "encrypted with it: restore the key file (or pass its path with --secret-key-file); "
                        + "nothing was changed"
                )
            }
            let key = try keyFile.create()
            logger.notice("secret key file created", ["key.path": keyFilePath])
            return key
        } catch let error as CryptoError {
            throw StorageError(.cannotOpen, error.message)
        }
    }

    /// WAL lets readers run while one writer commits. `synchronous = FULL` fsyncs the WAL at every commit:
    /// with the default NORMAL a commit is atomic and the file stays consistent, but the last commits before
    /// a power cut can be rolled back; FULL makes a commit durable once it returns, which is what "loses no
    /// data" requires (a ticket recorded as created must still be there after the machine restarts).
    private func configure(_ connection: Connection) throws {
        do {
            let mode = try connection.queryFirst("PRAGMA journal_mode = WAL")?.string(0)
            guard mode?.lowercased() == "wal" else {
                throw StorageError(
                    .cannotOpen,
                    "the database at \(databasePath) cannot use write-ahead logging (journal mode \(mode ?? "?")): "
                        + "put it on a local file system"
                )
            }
            try connection.execute(script: "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
        } catch {
            throw StorageError.classify(error, operation: "configuring the database")
        }
    }

    private func migrate(_ connection: Connection) throws {
        do {
            try Migrator(logger: logger).migrate(connection)
        } catch {
            throw StorageError.classify(error, operation: "migrating the schema")
        }
    }

    private func storeKeyCheck(_ vault: SecretVault, _ connection: Connection) throws {
        do {
            try connection.run(
                "INSERT OR IGNORE INTO storage_metadata (key, value) VALUES (?, ?)",
                [SecretVault.keyCheckMetadataKey, try vault.sealKeyCheck()]
            )
        } catch {
            throw StorageError.classify(error, operation: "recording the key check")
        }
    }

    private func createDirectory(containing path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StorageError(.cannotOpen, "cannot create directory \(directory) for the database: \(error)")
        }
    }
}
