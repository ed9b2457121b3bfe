/// One forward-only step of the schema. Version N turns a schema at version N-1 into version N.
public struct Migration: Sendable {
    public let version: Int
    /// A few words for the log, e.g. "webhook deliveries and idempotency keys".
    public let summary: String
    let sql: String
}
