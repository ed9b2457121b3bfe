import CSQLite

/// One SQLite database connection. It owns its handle and every statement it prepared, and closes them in
/// `deinit`.
///
/// Statements are prepared once per SQL text and kept for the connection's life, so a loop that runs the
/// same INSERT ten thousand times parses it once.
///
/// Loop-confined: a connection is used by one thread at a time (the event-loop thread in the server). It is
/// opened with `SQLITE_OPEN_NOMUTEX` because nothing shares it; a second thread opens its own connection.
public final class Connection {
    public let path: String
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    var transactionDepth = 0

    /// Opens (and, unless `readOnly`, creates) the database file at `path`.
    ///
    /// Opening does not write to an existing file; settings that write (journal mode) are the caller's step.
    public init(path: String, readOnly: Bool = false) throws {
        var opened: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let message = opened.map { Statement.message($0) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw SQLiteError(code: result, message: "cannot open database at \(path): \(message)")
        }
        sqlite3_extended_result_codes(opened, 1)
        self.path = path
        self.handle = opened
    }

    deinit {
        // Statements must be finalized before the connection closes; close_v2 would otherwise defer the close.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs several `;`-separated statements that take no parameters, such as a migration.
    public func execute(script: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, script, nil, nil, &errorMessage)
        guard result == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? Statement.message(handle)
            sqlite3_free(errorMessage)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: script)
        }
    }

    /// Runs one statement that returns no rows of interest, e.g. INSERT, UPDATE, DELETE.
    public func run(_ sql: String, _ bindings: [any SQLiteBindable] = []) throws {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        while try statement.step() != nil {}
    }

    /// Runs one query and returns all its rows.
    public func query(_ sql: String, _ bindings: [any SQLiteBindable] = []) throws -> [Row] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        var rows: [Row] = []
        while let row = try statement.step() {
            rows.append(row)
        }
        return rows
    }

    /// Runs one query and returns its first row, or nil when it has none.
    public func queryFirst(_ sql: String, _ bindings: [any SQLiteBindable] = []) throws -> Row? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        return try statement.step()
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = statements[sql] {
            return statement
        }
        let statement = try Statement(database: handle, sql: sql)
        statements[sql] = statement
        return statement
    }
}
