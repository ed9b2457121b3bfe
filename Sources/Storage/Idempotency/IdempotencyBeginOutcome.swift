/// What `IdempotencyKeyRepository.begin` found for a key.
public enum IdempotencyBeginOutcome: Sendable, Equatable {
    /// The key is new (or its earlier use expired): run the call, then `complete` or `release` the key.
    case started
    /// The same call finished before: answer with this stored result (JSON text) without running it again.
    case replay(result: String)
    /// The key was used with another method or other params: INVALID_ARGUMENT.
    case mismatch
    /// The first call with this key is still running: ABORTED, retry later.
    case inFlight
}
