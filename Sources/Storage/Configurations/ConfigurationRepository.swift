import Domain
import Foundation
import SQLite

/// Bugtracker configurations, their allowed applications and their encrypted secrets.
///
/// Settings are kept as a JSON column; what is queried on (the unique live name, the allowed applications)
/// has real columns. The webhook URL is never stored, because it carries the webhook token: the service
/// rebuilds it from `webhookToken(of:)` and its public URL.
public struct ConfigurationRepository {
    let database: Database

    private var connection: Connection { database.connection }

    private static let columns = """
        id, name, revision, settings, last_connection_test, created_at, updated_at
        """

    /// Stores a new configuration at revision 1 with its personal access token (and webhook token, if any).
    /// - Throws: `alreadyExists` when a live configuration has the same name (names ignore case).
    @discardableResult
    public func create(
        _ configuration: Configuration, personalAccessToken: String, webhookToken: String? = nil, now: Date = Date()
    ) throws -> Configuration {
        var stored = configuration
        stored.revision = 1
        stored.createdAt = now
        stored.updatedAt = now
        stored.missing = stored.missingSettings

        return try database.write("creating a configuration") {
            guard try lookup(stored.id) == .unknown else {
                throw StorageError(
                    .alreadyExists, "a configuration with id \(stored.id) exists or existed: use a new id"
                )
            }
            let sealedToken = try database.vault.seal(
                personalAccessToken, purpose: .personalAccessToken, owner: stored.id
            )
            let sealedWebhookToken = try webhookToken.map {
                try database.vault.seal($0, purpose: .webhookToken, owner: stored.id)
            }
            do {
                try connection.run(
                    """
                    INSERT INTO configurations (id, name, revision, settings, sealed_personal_access_token,
                        sealed_webhook_token, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        stored.id, stored.name, stored.revision, try settingsJSON(stored), sealedToken,
                        sealedWebhookToken, Timestamp.milliseconds(now), Timestamp.milliseconds(now),
                    ]
                )
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw duplicate(stored)
            }
            try replaceApplications(of: stored.id, with: stored.applications)
            return stored
        }
    }

    /// Replaces a live configuration's settings and increments its revision.
    /// - Parameters:
    ///   - expectedRevision: when given, the update happens only if the stored revision is this one.
    ///   - personalAccessToken: a new token, or nil to keep the stored one.
    /// - Throws: `notFound` (unknown or deleted), `conflict` (revision differs), `alreadyExists` (name taken).
    @discardableResult
    public func update(
        _ configuration: Configuration, expectedRevision: Int? = nil, personalAccessToken: String? = nil,
        now: Date = Date()
    ) throws -> Configuration {
        try database.write("updating a configuration") {
            guard case .live(let current) = try lookup(configuration.id) else {
                throw notFound(configuration.id)
            }
            if let expectedRevision, expectedRevision != current.revision {
                throw StorageError(
                    .conflict,
                    "configuration \(configuration.id) is at revision \(current.revision), not \(expectedRevision): "
                        + "read it again and reapply the change"
                )
            }

            var stored = configuration
            stored.revision = current.revision + 1
            stored.createdAt = current.createdAt
            stored.updatedAt = now
            stored.lastConnectionTest = current.lastConnectionTest
            stored.missing = stored.missingSettings
            do {
                try connection.run(
                    "UPDATE configurations SET name = ?, revision = ?, settings = ?, updated_at = ? WHERE id = ?",
                    [stored.name, stored.revision, try settingsJSON(stored), Timestamp.milliseconds(now), stored.id]
                )
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw duplicate(stored)
            }
            try replaceApplications(of: stored.id, with: stored.applications)
            if let personalAccessToken {
                try setPersonalAccessToken(personalAccessToken, of: stored.id)
            }
            return stored
        }
    }

    /// The live configuration with this id, or nil when it is unknown or deleted.
    public func get(_ id: String) throws -> Configuration? {
        guard case .live(let configuration) = try lookup(id) else { return nil }
        return configuration
    }

    /// Whether the id names a live configuration, a deleted one, or nothing.
    public func lookup(_ id: String) throws -> ConfigurationLookup {
        try database.read("reading a configuration") {
            guard let row = try connection.queryFirst(
                "SELECT \(Self.columns), deleted_at FROM configurations WHERE id = ?", [id]
            ) else {
                return .unknown
            }
            if let deletedAt = try row.optionalInt64(7) {
                return .deleted(name: try row.string(1), deletedAt: Timestamp.date(deletedAt))
            }
            return .live(try configuration(from: row))
        }
    }

    /// Every live configuration, ordered by name.
    public func list() throws -> [Configuration] {
        try database.read("listing configurations") {
            try connection.query(
                "SELECT \(Self.columns) FROM configurations WHERE deleted_at IS NULL ORDER BY name, id"
            ).map(configuration(from:))
        }
    }

    /// The live configurations that allow vulnerabilities of `applicationId`, ordered by name.
    public func list(allowingApplication applicationId: String) throws -> [Configuration] {
        try database.read("listing configurations for an application") {
            try connection.query(
                """
                SELECT \(Self.columns) FROM configurations
                WHERE deleted_at IS NULL
                  AND id IN (SELECT configuration_id FROM configuration_applications WHERE application_id = ?)
                ORDER BY name, id
                """,
                [applicationId]
            ).map(configuration(from:))
        }
    }

    /// Deletes a configuration, keeping a tombstone (id, name, time) and forgetting its secrets.
    /// Its tickets stay, so vulnerabilities keep their history.
    /// - Throws: `notFound` when there is no live configuration with this id.
    public func delete(_ id: String, now: Date = Date()) throws {
        try database.write("deleting a configuration") {
            try connection.run(
                """
                UPDATE configurations
                SET deleted_at = ?, sealed_personal_access_token = NULL, sealed_webhook_token = NULL, updated_at = ?
                WHERE id = ? AND deleted_at IS NULL
                """,
                [Timestamp.milliseconds(now), Timestamp.milliseconds(now), id]
            )
            guard connection.changes == 1 else { throw notFound(id) }
            try connection.run("DELETE FROM configuration_applications WHERE configuration_id = ?", [id])
        }
    }

    /// The decrypted personal access token of a live configuration.
    public func personalAccessToken(of id: String) throws -> String {
        try database.read("reading a personal access token") {
            guard let sealed = try liveSecret(column: "sealed_personal_access_token", id: id) else {
                throw StorageError(.notFound, "configuration \(id) has no personal access token: configure one")
            }
            return try database.vault.open(sealed, purpose: .personalAccessToken, owner: id)
        }
    }

    /// Replaces the personal access token of a live configuration.
    public func setPersonalAccessToken(_ token: String, of id: String) throws {
        try database.write("storing a personal access token") {
            let sealed = try database.vault.seal(token, purpose: .personalAccessToken, owner: id)
            try connection.run(
                "UPDATE configurations SET sealed_personal_access_token = ? WHERE id = ? AND deleted_at IS NULL",
                [sealed, id]
            )
            guard connection.changes == 1 else { throw notFound(id) }
        }
    }

    /// The decrypted webhook token, or nil when two-way integration never had one.
    public func webhookToken(of id: String) throws -> String? {
        try database.read("reading a webhook token") {
            guard let sealed = try liveSecret(column: "sealed_webhook_token", id: id) else { return nil }
            return try database.vault.open(sealed, purpose: .webhookToken, owner: id)
        }
    }

    /// Sets (or with nil, removes) the webhook token of a live configuration.
    public func setWebhookToken(_ token: String?, of id: String) throws {
        try database.write("storing a webhook token") {
            let sealed = try token.map { try database.vault.seal($0, purpose: .webhookToken, owner: id) }
            try connection.run(
                "UPDATE configurations SET sealed_webhook_token = ? WHERE id = ? AND deleted_at IS NULL",
                [sealed, id]
            )
            guard connection.changes == 1 else { throw notFound(id) }
        }
    }

    /// Records the outcome of the latest connection test. Does not change the revision: it is an
    /// observation, not a settings change, so it must not make a concurrent `expectedRevision` update fail.
    public func recordConnectionTest(_ summary: ConnectionTestSummary, of id: String) throws {
        try database.write("recording a connection test") {
            try connection.run(
                "UPDATE configurations SET last_connection_test = ? WHERE id = ? AND deleted_at IS NULL",
                [try JSONColumn.encode(summary), id]
            )
            guard connection.changes == 1 else { throw notFound(id) }
        }
    }

    private func liveSecret(column: String, id: String) throws -> [UInt8]? {
        guard let row = try connection.queryFirst(
            "SELECT \(column), deleted_at FROM configurations WHERE id = ?", [id]
        ), row.isNull(1) else {
            throw notFound(id)
        }
        return try row.optionalBlob(0)
    }

    private func replaceApplications(of id: String, with applications: [String]) throws {
        try connection.run("DELETE FROM configuration_applications WHERE configuration_id = ?", [id])
        for application in Set(applications) {
            try connection.run(
                "INSERT INTO configuration_applications (configuration_id, application_id) VALUES (?, ?)",
                [id, application]
            )
        }
    }

    /// The settings column: everything but what has its own column, and never the webhook URL.
    private func settingsJSON(_ configuration: Configuration) throws -> String {
        var settings = configuration
        settings.twoWay.webhookUrl = nil
        settings.lastConnectionTest = nil
        return try JSONColumn.encode(settings)
    }

    private func configuration(from row: Row) throws -> Configuration {
        var configuration = try JSONColumn.decode(Configuration.self, from: try row.string(3))
        configuration.id = try row.string(0)
        configuration.name = try row.string(1)
        configuration.revision = try row.int(2)
        configuration.lastConnectionTest = try row.optionalString(4).map {
            try JSONColumn.decode(ConnectionTestSummary.self, from: $0)
        }
        configuration.createdAt = Timestamp.date(try row.int64(5))
        configuration.updatedAt = Timestamp.date(try row.int64(6))
        configuration.missing = configuration.missingSettings
        return configuration
    }

    private func notFound(_ id: String) -> StorageError {
        StorageError(.notFound, "no configuration with id \(id): list configurations to find the right id")
    }

    private func duplicate(_ configuration: Configuration) -> StorageError {
        StorageError(
            .alreadyExists, "a configuration named \"\(configuration.name)\" already exists: choose another name"
        )
    }
}
