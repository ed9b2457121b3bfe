import CLibUV
import Foundation

/// The process's libuv event loop, and the executor that async code runs on.
///
/// Everything that touches libuv handles runs on the thread that called `run()`. Other threads reach the
/// loop through `execute(_:)`, which queues work and wakes the loop with a `uv_async_t`.
///
/// `@unchecked Sendable`: the only state touched from other threads is `pendingWork`, guarded by `lock`;
/// `loop` and `wakeup` are used from other threads only through `uv_async_send`, which libuv documents as
/// thread-safe. Everything else is confined to the loop thread.
public final class EventLoop: TaskExecutor, @unchecked Sendable {
    let loop: UnsafeMutablePointer<uv_loop_t>
    private let wakeup: UnsafeMutablePointer<uv_async_t>
    let readBuffer = ReadBuffer()
    private let lock = NSLock()
    private var pendingWork: [() -> Void] = []
    private var loopThread: pthread_t?
    private var stopRequested = false

    public init() throws {
        loop = .allocate(capacity: 1)
        wakeup = .allocate(capacity: 1)
        do {
            try UVError.check(uv_loop_init(loop), "uv_loop_init")
        } catch {
            loop.deallocate()
            wakeup.deallocate()
            throw error
        }
        uv_async_init(loop, wakeup) { handle in
            guard let handle, let owner = handle.pointee.data else { return }
            Unmanaged<EventLoop>.fromOpaque(owner).takeUnretainedValue().runPendingWork()
        }
        wakeup.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        // The wake-up handle alone does not keep `run()` going: once every other handle is closed, the loop
        // has nothing left to wait for.
        uv_unref(UnsafeMutableRawPointer(wakeup).assumingMemoryBound(to: uv_handle_t.self))
    }

    deinit {
        // A loop is torn down only after `run()` returned; closing the wake-up handle lets `uv_loop_close`
        // succeed, and handles whose owners were never closed are reported by libuv as EBUSY and left alone.
        if uv_is_closing(UnsafeMutableRawPointer(wakeup).assumingMemoryBound(to: uv_handle_t.self)) == 0 {
            uv_close(UnsafeMutableRawPointer(wakeup).assumingMemoryBound(to: uv_handle_t.self), nil)
            uv_run(loop, UV_RUN_NOWAIT)
        }
        uv_loop_close(loop)
        wakeup.deallocate()
        loop.deallocate()
    }

    /// Runs the loop on the calling thread until `stop()` is called, or until no handle (listener, connection,
    /// timer, watcher) is left open. Called again after `stop()`, it finishes closing handles and returns.
    public func run() {
        loopThread = pthread_self()
        lock.lock()
        stopRequested = false
        lock.unlock()
        uv_run(loop, UV_RUN_DEFAULT)
        loopThread = nil
    }

    /// Makes `run()` return after the current iteration. Safe to call from any thread.
    public func stop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
        uv_async_send(wakeup)
    }

    /// Runs `work` on the loop thread soon. Safe to call from any thread, including the loop thread itself,
    /// where the work runs in a later iteration rather than re-entrantly.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        enqueue(work)
    }

    /// Like `execute(_:)`, for work created on the loop thread that captures loop-confined state.
    public func executeOnLoop(_ work: @escaping () -> Void) {
        enqueue(work)
    }

    /// Whether the caller is running on the loop thread.
    public var isInLoopThread: Bool {
        guard let loopThread else { return false }
        return pthread_equal(loopThread, pthread_self()) != 0
    }

    /// The loop's monotonic clock in milliseconds, updated once per iteration.
    public var nowMilliseconds: UInt64 { uv_now(loop) }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        enqueue { job.runSynchronously(on: executor) }
    }

    private func enqueue(_ work: @escaping () -> Void) {
        lock.lock()
        pendingWork.append(work)
        let wasEmpty = pendingWork.count == 1
        lock.unlock()
        if wasEmpty { uv_async_send(wakeup) }
    }

    private func runPendingWork() {
        // Work queued while this batch runs goes to the next wake-up, so a busy producer cannot starve I/O.
        lock.lock()
        let batch = pendingWork
        pendingWork.removeAll(keepingCapacity: true)
        let stopping = stopRequested
        lock.unlock()
        for work in batch { work() }
        if stopping { uv_stop(loop) }
    }
}
