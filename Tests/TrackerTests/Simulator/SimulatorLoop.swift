import EventLoop
import Foundation

/// Runs an event loop on its own thread for one simulator test, and the test body in a task on that loop.
enum SimulatorLoop {
    static func run<Result: Sendable>(
        _ body: @escaping @Sendable (EventLoop) async throws -> Result
    ) async throws -> Result {
        let loop = try EventLoop()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Keeps `run()` going while the body awaits something that is not a libuv handle.
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
