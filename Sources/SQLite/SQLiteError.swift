import CSQLite

/// A failed SQLite call: the extended result code, SQLite's own message and the statement's SQL.
///
/// The SQL is the prepared text with `?` placeholders, never the bound values, so it is safe to log.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE` (2067).
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code), e.g. `SQLITE_CONSTRAINT`.
    public var primaryCode: Int32 { code & 0xFF }

    /// A UNIQUE or PRIMARY KEY constraint rejected the write.
    public var isUniqueViolation: Bool {
        code == csqlite_constraint_unique() || code == csqlite_constraint_primary_key()
    }

    /// Another connection held the lock for longer than the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// The file is not a database, or its content is damaged.
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql {
            text += " (in: \(sql))"
        }
        return text
    }
}
