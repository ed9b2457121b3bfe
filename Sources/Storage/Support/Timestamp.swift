import Foundation

/// Times are stored as INTEGER milliseconds since 1970 (UTC): exact, sortable and cheap to compare in SQL.
enum Timestamp {
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func optionalDate(_ milliseconds: Int64?) -> Date? {
        milliseconds.map { date($0) }
    }
}
