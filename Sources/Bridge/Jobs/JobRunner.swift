import EventLoop
import Foundation
import Logging
import Storage

/// Runs the durable job queue (`store.jobs`): leases due jobs on a timer and hands each to the handler
/// registered for its kind, a few at a time.
///
/// A handler that returns completes its job; one that throws fails the attempt, and the queue runs the job
/// again after a backoff (or at `JobRetry.retryAt`) until its attempts are used up. A job whose worker died
/// with the process is leased again once its lease expires, so every handler must be safe to run twice.
///
/// Loop-confined. Register kinds before `start()`:
/// ```swift
/// jobs.register("twoway.sync") { job in try await sync.run(job) }
/// ```
public final class JobRunner: BackgroundService {
    /// Runs one leased job. Cancellation arrives when the service stops.
    public typealias Handler = (Job) async throws -> Void

    /// How often the queue is looked at when nobody calls `wake()`.
    public static let pollIntervalMilliseconds: UInt64 = 1_000
    /// How long a worker may hold a job before it counts as abandoned.
    public static let leaseDuration: TimeInterval = 5 * 60
    /// Jobs running at once; tracker calls within them are further bounded per host.
    public static let maximumConcurrentJobs = 16

    private let environment: BridgeEnvironment
    private let logger = Logger(label: "jobs")
    private var handlers: [String: Handler] = [:]
    private var timer: LoopTimer?
    private var running: [Int64: Task<Void, Never>] = [:]
    private var pollPending = false
    private var stopCompletion: (() -> Void)?
    private var stopped = false

    public init(environment: BridgeEnvironment) {
        self.environment = environment
    }

    /// Runs jobs of `kind` with `handler`. Registering a kind again replaces its handler.
    public func register(_ kind: String, _ handler: @escaping Handler) {
        handlers[kind] = handler
    }

    /// Looks at the queue soon instead of at the next tick, e.g. right after jobs were queued.
    public func wake() {
        guard !pollPending, !stopped else { return }
        pollPending = true
        environment.loop.executeOnLoop { [weak self] in
            self?.pollPending = false
            self?.poll()
        }
    }

    func start() throws {
        let timer = LoopTimer(loop: environment.loop)
        timer.start(afterMilliseconds: 0, repeatingMilliseconds: Self.pollIntervalMilliseconds) { [weak self] in
            self?.poll()
        }
        self.timer = timer
        logger.info("job runner started", ["jobs.kinds": handlers.keys.sorted().joined(separator: ",")])
    }

    func stop(completion: @escaping () -> Void) {
        stopped = true
        timer?.close()
        timer = nil
        guard !running.isEmpty else {
            completion()
            return
        }
        stopCompletion = completion
        for task in running.values {
            task.cancel()
        }
    }

    /// Leases due jobs while there is room and starts each.
    private func poll() {
        guard !stopped, !handlers.isEmpty else { return }
        let kinds = handlers.keys.sorted()
        while running.count < Self.maximumConcurrentJobs {
            let job: Job?
            do {
                job = try environment.store.jobs.leaseNext(
                    kinds: kinds, leaseDuration: Self.leaseDuration, now: environment.now()
                )
            } catch {
                logger.error("cannot lease a job; will try again", ["error": "\(error)"])
                return
            }
            guard let job else { return }
            run(job)
        }
    }

    private func run(_ job: Job) {
        guard let handler = handlers[job.kind] else { return }
        running[job.id] = Task(executorPreference: environment.loop) { [weak self] in
            let started = self?.environment.loop.nowMilliseconds ?? 0
            do {
                try await handler(job)
                self?.completed(job, startedAt: started)
            } catch {
                self?.failed(job, error: error)
            }
            self?.finished(job.id)
        }
    }

    private func completed(_ job: Job, startedAt: UInt64) {
        do {
            let held = try environment.store.jobs.complete(job, now: environment.now())
            logger.debug("job done", [
                "job.id": job.id, "job.kind": job.kind, "job.attempt": job.attempts,
                "duration.ms": environment.loop.nowMilliseconds &- startedAt, "lease.held": held,
            ])
        } catch {
            logger.error("cannot record a finished job; it will run again", ["job.id": job.id, "error": "\(error)"])
        }
    }

    private func failed(_ job: Job, error: Error) {
        let retry = error as? JobRetry ?? JobRetry(Self.reason(for: error))
        do {
            let stored = try environment.store.jobs.fail(
                job, error: retry.reason, permanent: retry.permanent, retryAt: retry.retryAt, now: environment.now()
            )
            logger.notice("job attempt failed", [
                "job.id": job.id, "job.kind": job.kind, "job.attempt": job.attempts,
                "job.state": stored?.state.rawValue ?? "lease lost", "error": retry.reason,
            ])
        } catch {
            logger.error("cannot record a failed job; it will run again", ["job.id": job.id, "error": "\(error)"])
        }
    }

    private func finished(_ id: Int64) {
        running[id] = nil
        if stopped {
            if running.isEmpty, let completion = stopCompletion {
                stopCompletion = nil
                completion()
            }
            return
        }
        wake()
    }

    private static func reason(for error: Error) -> String {
        if error is CancellationError { return "cancelled while the service stopped" }
        return "\(error)"
    }
}
