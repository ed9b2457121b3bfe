import EventLoop

/// One wait in progress: resumed once, by the timer or by cancellation, whichever comes first.
///
/// `@unchecked Sendable`: the cancellation handler only hops to the loop with it; every member is used on
/// the loop thread.
final class PendingDelay: @unchecked Sendable {
    var continuation: CheckedContinuation<Void, Error>?
    var timer: LoopTimer?

    func finish(with error: Error?) {
        guard let continuation else { return }
        self.continuation = nil
        if error != nil { timer?.close() }
        timer = nil
        if let error {
            continuation.resume(throwing: error)
        } else {
            continuation.resume()
        }
    }
}
