import Logging
import SQLite

/// Applies the schema history to a database, recording the version in SQLite's `user_version` header field.
///
/// Each migration runs in its own `BEGIN IMMEDIATE` transaction together with the version bump, so a crash
/// leaves the database at the previous version or the next one, never in between. A database whose version
/// is newer than this binary knows is refused before anything is written.
public struct Migrator {
    let migrations: [Migration]
    let logger: Logger

    public init(logger: Logger = Logger(label: "storage")) {
        self.init(migrations: SchemaHistory.migrations, logger: logger)
    }

    init(migrations: [Migration], logger: Logger = Logger(label: "storage")) {
        self.migrations = migrations
        self.logger = logger
    }

    /// The newest schema version this binary can write.
    public static var latestVersion: Int { SchemaHistory.latestVersion }

    /// The schema version recorded in the database (0 for a new, empty file).
    public static func version(of connection: Connection) throws -> Int {
        guard let row = try connection.queryFirst("PRAGMA user_version") else { return 0 }
        return try row.int(0)
    }

    /// Brings the database up to `targetVersion` (nil: the newest); returns the versions applied.
    @discardableResult
    public func migrate(_ connection: Connection, upTo targetVersion: Int? = nil) throws -> [Int] {
        let targetVersion = targetVersion ?? SchemaHistory.latestVersion
        let current = try Migrator.version(of: connection)
        try Migrator.refuseNewer(current, path: connection.path)

        var applied: [Int] = []
        for migration in migrations where migration.version > current && migration.version <= targetVersion {
            let didApply = try connection.transaction(.immediate) { () throws -> Bool in
                // Another process may have migrated between our read of the version and this lock.
                guard try Migrator.version(of: connection) < migration.version else { return false }
                try connection.execute(script: migration.sql)
                try connection.execute(script: "PRAGMA user_version = \(migration.version)")
                return true
            }
            if didApply {
                applied.append(migration.version)
                logger.info("schema migrated", ["db.version": migration.version, "db.migration": migration.summary])
            }
        }
        return applied
    }

    /// Throws when the database was written by a newer tracker-bridge, whose schema this binary cannot know.
    static func refuseNewer(_ version: Int, path: String) throws {
        guard version > SchemaHistory.latestVersion else { return }
        throw StorageError(
            .cannotOpen,
            "database at \(path) was written by a newer tracker-bridge (schema \(version), this binary knows "
                + "\(SchemaHistory.latestVersion)): upgrade the binary; the database was not modified"
        )
    }
}
