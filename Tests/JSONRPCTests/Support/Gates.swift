/// Named points where test handlers wait until the test opens them, so calls finish in a chosen order.
///
/// `@unchecked Sendable`: used only on the tests' serial executor (see `RecordingHost`).
final class Gates: @unchecked Sendable {
    private var waiting: [String: CheckedContinuation<Void, any Error>] = [:]
    private(set) var cancelledKeys: [String] = []
    private(set) var startedKeys: [String] = []

    /// Suspends until `open(key)`; throws `CancellationError` when the task is cancelled first.
    func wait(_ key: String) async throws {
        startedKeys.append(key)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    cancelledKeys.append(key)
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting[key] = continuation
                }
            }
        } onCancel: {
            // Cancellation comes from the session, which runs on the same serial executor.
            self.cancel(key)
        }
    }

    func open(_ key: String) {
        waiting.removeValue(forKey: key)?.resume()
    }

    var waitingCount: Int { waiting.count }

    private func cancel(_ key: String) {
        guard let continuation = waiting.removeValue(forKey: key) else { return }
        cancelledKeys.append(key)
        continuation.resume(throwing: CancellationError())
    }
}
