/// A failed attempt, with whether the tracker certainly never acted on it (so any call may be repeated).
struct AttemptFailure: Error {
    var error: TrackerError
    var neverSent: Bool
}
