import EventLoop
import Foundation

/// Runs an event loop on its own thread for the length of one test, with the test body in a task on that loop.
public enum LoopHarness {
    /// Starts a loop, runs `body` in a task that prefers the loop, then stops the loop and waits for its thread.
    public static func run<Result: Sendable>(
        _ body: @escaping @Sendable (EventLoop) async throws -> Result
    ) async throws -> Result {
        // A peer that closes first must not kill the test process when a socket write follows.
        signal(SIGPIPE, SIG_IGN)
        let loop = try EventLoop()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            // A repeating timer keeps `run()` going while the test's task has nothing registered on the loop.
            let keepAlive = LoopTimer(loop: loop)
            keepAlive.start(afterMilliseconds: 60_000, repeatingMilliseconds: 60_000) {}
            loop.run()
            keepAlive.close()
            finished.signal()
        }
        thread.start()
        let outcome = await Task(executorPreference: loop) { () -> Swift.Result<Result, Error> in
            do {
                return .success(try await body(loop))
            } catch {
                return .failure(error)
            }
        }.value
        loop.stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                finished.wait()
                continuation.resume()
            }
        }
        return try outcome.get()
    }
}
