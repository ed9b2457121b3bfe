import CSQLite

/// One result row, copied out of the statement so that no SQLite pointer outlives the step that produced it.
///
/// Columns are read by position, in the order of the SELECT list. Reading a column as the wrong type throws
/// instead of guessing, so a schema mistake surfaces as an error rather than as a silently wrong value.
public struct Row: Sendable {
    public let values: [SQLiteValue]

    public init(values: [SQLiteValue]) {
        self.values = values
    }

    public subscript(index: Int) -> SQLiteValue { values[index] }

    public func isNull(_ index: Int) -> Bool { values[index] == .null }

    public func int64(_ index: Int) throws -> Int64 {
        guard case .integer(let value) = values[index] else { throw mismatch(index, expected: "integer") }
        return value
    }

    public func int(_ index: Int) throws -> Int { Int(try int64(index)) }

    public func optionalInt(_ index: Int) throws -> Int? { isNull(index) ? nil : try int(index) }

    public func optionalInt64(_ index: Int) throws -> Int64? { isNull(index) ? nil : try int64(index) }

    public func bool(_ index: Int) throws -> Bool { try int64(index) != 0 }

    public func double(_ index: Int) throws -> Double {
        switch values[index] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw mismatch(index, expected: "real")
        }
    }

    public func string(_ index: Int) throws -> String {
        guard case .text(let value) = values[index] else { throw mismatch(index, expected: "text") }
        return value
    }

    public func optionalString(_ index: Int) throws -> String? { isNull(index) ? nil : try string(index) }

    public func blob(_ index: Int) throws -> [UInt8] {
        switch values[index] {
        case .blob(let value): return value
        case .text(let value): return Array(value.utf8)
        default: throw mismatch(index, expected: "blob")
        }
    }

    public func optionalBlob(_ index: Int) throws -> [UInt8]? { isNull(index) ? nil : try blob(index) }

    private func mismatch(_ index: Int, expected: String) -> SQLiteError {
        SQLiteError(
            code: SQLITE_MISMATCH,
            message: "column \(index) holds \(values[index].storageClassName), expected \(expected)"
        )
    }
}
