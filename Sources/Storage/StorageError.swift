import Crypto
import SQLite

/// A storage failure, classified so the service layer can answer with the right status.
///
/// `message` is safe to return to a caller: it names the record kind and what to do, never SQL values or
/// secrets. `detail` keeps SQLite's result code and statement text (placeholders, no values) for the log.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// A record with the same unique key exists (e.g. a configuration name).
        case alreadyExists
        /// The record changed since the caller read it (`expectedRevision`).
        case conflict
        /// Another process held the database lock for longer than the busy timeout; retrying may succeed.
        case busy
        case notFound
        /// The caller passed something storage cannot use, such as a cursor it did not issue.
        case invalidArgument
        /// Stored data cannot be read back (damaged file, undecodable row, secret that does not decrypt).
        case corrupt
        /// The database or key file cannot be used at start-up; the message says how to fix it.
        case cannotOpen
        case `internal`
    }

    public let kind: Kind
    public let message: String
    /// For logs only: the underlying SQLite code and statement, or another library's error text.
    public let detail: String?

    public init(_ kind: Kind, _ message: String, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.detail = detail
    }

    /// Whether the same call may succeed if repeated unchanged.
    public var retryable: Bool { kind == .busy }

    /// The gRPC-style status name (SPEC §3) that this error answers with.
    public var statusName: String {
        switch kind {
        case .alreadyExists: "ALREADY_EXISTS"
        case .conflict, .busy: "ABORTED"
        case .notFound: "NOT_FOUND"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .corrupt, .cannotOpen, .internal: "INTERNAL"
        }
    }

    public var description: String {
        guard let detail else { return message }
        return "\(message) [\(detail)]"
    }

    /// Classifies any error thrown while storage was doing `operation` (e.g. "saving a ticket").
    static func classify(_ error: any Error, operation: String) -> StorageError {
        switch error {
        case let storageError as StorageError:
            return storageError
        case let sqliteError as SQLiteError:
            return classify(sqliteError, operation: operation)
        case let cryptoError as CryptoError where cryptoError.reason == .authenticationFailed:
            return StorageError(
                .corrupt,
                "a stored secret cannot be decrypted while \(operation): the secret key file does not match it",
                detail: cryptoError.message
            )
        case let decodingError as DecodingError:
            return StorageError(
                .corrupt, "a stored record cannot be read while \(operation)", detail: "\(decodingError)"
            )
        default:
            return StorageError(.internal, "storage failed while \(operation); see the server log", detail: "\(error)")
        }
    }

    private static func classify(_ error: SQLiteError, operation: String) -> StorageError {
        let detail = "SQLite \(error.code): \(error.message)" + (error.sql.map { " in: \($0)" } ?? "")
        if error.isUniqueViolation {
            return StorageError(.alreadyExists, "the record already exists (\(operation))", detail: detail)
        }
        if error.isBusy {
            return StorageError(
                .busy, "the database is busy with another writer while \(operation); retry shortly", detail: detail
            )
        }
        if error.isCorrupt {
            return StorageError(
                .corrupt, "the database file is damaged (\(operation)): restore it from backup", detail: detail
            )
        }
        return StorageError(.internal, "storage failed while \(operation); see the server log", detail: detail)
    }
}
