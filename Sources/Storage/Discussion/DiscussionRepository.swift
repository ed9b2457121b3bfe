import Domain
import Foundation
import SQLite

/// The Discussion of each vulnerability: comments in the order they were written.
public struct DiscussionRepository {
    let database: Database

    private var connection: Connection { database.connection }

    /// Appends a comment to a vulnerability's Discussion.
    /// - Throws: `notFound` when the vulnerability does not exist.
    public func append(_ comment: DiscussionComment, to vulnerabilityId: String) throws {
        try database.write("adding a discussion comment") {
            guard try connection.queryFirst("SELECT 1 FROM vulnerabilities WHERE id = ?", [vulnerabilityId]) != nil
            else {
                throw StorageError(.notFound, "no vulnerability with id \(vulnerabilityId): report it first")
            }
            try connection.run(
                "INSERT INTO discussion_comments (vulnerability_id, at, author, text) VALUES (?, ?, ?, ?)",
                [vulnerabilityId, Timestamp.milliseconds(comment.at), comment.author, comment.text]
            )
        }
    }

    /// A vulnerability's comments, oldest first (in the order they were appended).
    public func list(for vulnerabilityId: String) throws -> [DiscussionComment] {
        try database.read("reading a discussion") {
            try connection.query(
                "SELECT at, author, text FROM discussion_comments WHERE vulnerability_id = ? ORDER BY seq",
                [vulnerabilityId]
            ).map { row in
                DiscussionComment(
                    at: Timestamp.date(try row.int64(0)), author: try row.string(1), text: try row.string(2)
                )
            }
        }
    }
}
