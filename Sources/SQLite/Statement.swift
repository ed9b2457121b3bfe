import CSQLite

/// A prepared statement, owned by the `Connection` that prepared it and finalized in exactly one place:
/// this object's `deinit`.
///
/// Loop-confined like its connection. Callers never see it: they pass SQL to `Connection`, which keeps one
/// `Statement` per SQL text and resets it after every use.
final class Statement {
    let sql: String
    private let handle: OpaquePointer
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String) throws {
        var prepared: OpaquePointer?
        let flags = UInt32(SQLITE_PREPARE_PERSISTENT)
        let result = sqlite3_prepare_v3(database, sql, -1, flags, &prepared, nil)
        guard result == SQLITE_OK, let prepared else {
            throw SQLiteError(code: sqlite3_extended_errcode(database), message: Statement.message(database), sql: sql)
        }
        self.sql = sql
        self.handle = prepared
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to the parameters `?1...?n`, in order.
    func bind(_ values: [any SQLiteBindable]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "statement takes \(expected) parameters, \(values.count) were given",
                sql: sql
            )
        }
        for (offset, bindable) in values.enumerated() {
            try bind(bindable.sqliteValue, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let result: Int32
        switch value {
        case .null:
            result = sqlite3_bind_null(handle, index)
        case .integer(let number):
            result = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            result = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            result = sqlite3_bind_text(handle, index, text, -1, csqlite_transient())
        case .blob(let bytes):
            result = bytes.withUnsafeBytes { buffer in
                // A zero-length blob must still bind as a blob, not as NULL, so give SQLite a non-nil pointer.
                sqlite3_bind_blob64(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                    sqlite3_uint64(buffer.count), csqlite_transient())
            }
        }
        guard result == SQLITE_OK else { throw error(result) }
    }

    /// Advances to the next row; returns it, or nil once the statement is done.
    func step() throws -> Row? {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW:
            return currentRow()
        case SQLITE_DONE:
            return nil
        default:
            throw error(result)
        }
    }

    /// Makes the statement ready for its next use and releases what the last bindings held.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func currentRow() -> Row {
        let count = sqlite3_column_count(handle)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            values.append(columnValue(column))
        }
        return Row(values: values)
    }

    private func columnValue(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            let length = Int(sqlite3_column_bytes(handle, column))
            guard let bytes = sqlite3_column_text(handle, column) else { return .text("") }
            let buffer = UnsafeBufferPointer(start: bytes, count: length)
            return .text(String(decoding: buffer, as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(handle, column))
            guard let bytes = sqlite3_column_blob(handle, column), length > 0 else { return .blob([]) }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: length)
            return .blob(Array(buffer))
        default:
            return .null
        }
    }

    private func error(_ result: Int32) -> SQLiteError {
        // sqlite3_step returns the extended code when extended result codes are on; errcode keeps the message.
        let code = result == SQLITE_ERROR ? sqlite3_extended_errcode(database) : result
        return SQLiteError(code: code, message: Statement.message(database), sql: sql)
    }

    static func message(_ database: OpaquePointer) -> String {
        sqlite3_errmsg(database).map { String(cString: $0) } ?? "unknown SQLite error"
    }
}
