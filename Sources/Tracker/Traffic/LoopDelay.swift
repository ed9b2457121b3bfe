import EventLoop

/// Waits on the loop's timer instead of a thread. Cancelling the task ends the wait early with
/// `CancellationError`.
enum LoopDelay {
    static func wait(milliseconds: UInt64, on loop: EventLoop) async throws {
        guard milliseconds > 0 else { return }
        let wait = PendingDelay()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                guard !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                wait.continuation = continuation
                wait.timer = LoopTimer.once(on: loop, afterMilliseconds: milliseconds) {
                    wait.finish(with: nil)
                }
            }
        } onCancel: {
            loop.execute { wait.finish(with: CancellationError()) }
        }
    }
}
