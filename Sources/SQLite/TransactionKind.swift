/// How a transaction takes its lock.
public enum TransactionKind: String, Sendable {
    /// Takes no lock until the first read; for read-only work.
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN, so a writer waits (up to the busy timeout) at the start instead of
    /// failing with SQLITE_BUSY halfway through when it tries to upgrade a read lock.
    case immediate = "IMMEDIATE"
}
