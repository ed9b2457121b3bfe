import Logging
import SQLite

/// The open database shared by every repository: one SQLite connection and the vault that seals secrets.
///
/// Loop-confined: used only from the thread that opened it (the event-loop thread in the server). The API
/// is synchronous because SQLite calls on a local file are short and WAL keeps readers from waiting on the
/// writer.
public final class Database {
    /// Wait this long for another process's write lock before answering "busy, retry".
    public static let defaultBusyTimeoutMilliseconds: Int32 = 5_000

    let connection: Connection
    let vault: SecretVault
    let logger: Logger

    init(connection: Connection, vault: SecretVault, logger: Logger) {
        self.connection = connection
        self.vault = vault
        self.logger = logger
    }

    /// Runs `body` as one write transaction (`BEGIN IMMEDIATE`): all of it is stored, or none of it.
    ///
    /// Repository calls inside `body` join this transaction, so a service can apply several changes (a
    /// ticket's state, the vulnerabilities' statuses, their comments, the delivery record) atomically.
    /// - Parameter operation: what is being done, in words for an error message, e.g. "applying a webhook".
    public func write<Result>(_ operation: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try connection.transaction(.immediate, body)
        } catch {
            throw StorageError.classify(error, operation: operation)
        }
    }

    /// Runs `body` as one read transaction, so every query in it sees the same snapshot.
    public func read<Result>(_ operation: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try connection.transaction(.deferred, body)
        } catch {
            throw StorageError.classify(error, operation: operation)
        }
    }

    /// Runs SQLite's full consistency check; returns its findings, `["ok"]` when the file is sound.
    public func integrityCheck() throws -> [String] {
        try read("checking database integrity") {
            try connection.query("PRAGMA integrity_check").map { try $0.string(0) }
        }
    }
}
