import Dispatch

/// Runs jobs one after another on a private queue: the tests' stand-in for the event loop.
///
/// `@unchecked Sendable`: it holds only an immutable queue reference; DispatchQueue is thread-safe.
final class SerialTestExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "rpc-session-tests")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
