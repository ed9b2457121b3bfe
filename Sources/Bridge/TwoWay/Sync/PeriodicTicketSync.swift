import EventLoop
import Logging
import Storage

/// `--sync-interval`: every so many seconds, synchronises the tickets of every configuration with two-way
/// integration enabled, one configuration after the other, repairing deliveries the tracker dropped.
///
/// A round that is still running when the next is due lets that one pass. Loop-confined.
// TODO: run rounds as jobs of the durable queue (Sources/Bridge/Jobs, now part of the application) so a
// round interrupted by a restart resumes rather than waiting for the next interval.
final class PeriodicTicketSync: BackgroundService {
    private let environment: BridgeEnvironment
    private let synchronizer: TicketSynchronizer
    private let logger = Logger(label: "twoway")
    private var timer: LoopTimer?
    private var round: Task<Void, Never>?
    private var stopCompletion: (() -> Void)?

    init(environment: BridgeEnvironment) {
        self.environment = environment
        synchronizer = TicketSynchronizer(environment: environment)
    }

    /// Starts the timer when `--sync-interval` was given; otherwise does nothing.
    func start() throws {
        guard let seconds = environment.settings.syncIntervalSeconds, seconds > 0 else { return }
        let interval = UInt64(seconds) * 1_000
        let timer = LoopTimer(loop: environment.loop)
        timer.start(afterMilliseconds: interval, repeatingMilliseconds: interval) { [weak self] in
            self?.startRound()
        }
        self.timer = timer
        logger.info("periodic ticket sync started", ["sync.interval.s": seconds])
    }

    func stop(completion: @escaping () -> Void) {
        timer?.close()
        timer = nil
        guard let round else {
            completion()
            return
        }
        stopCompletion = completion
        round.cancel()
    }

    private func startRound() {
        guard round == nil else {
            logger.notice("previous sync round still running; skipping this one")
            return
        }
        round = Task(executorPreference: environment.loop) { [weak self] in
            await self?.synchronizeAll()
            self?.roundFinished()
        }
    }

    private func synchronizeAll() async {
        let configurations: [String]
        do {
            configurations = try environment.store.configurations.list().filter(\.twoWay.enabled).map(\.id)
        } catch {
            logger.error("cannot list configurations for the sync round; will try next round", ["error": "\(error)"])
            return
        }
        for id in configurations where !Task.isCancelled {
            do {
                _ = try await synchronizer.synchronize(configurationId: id)
            } catch is CancellationError {
                return
            } catch {
                logger.warning("sync of a configuration failed; will try next round", [
                    "config.id": id, "error": "\(error)",
                ])
            }
        }
    }

    private func roundFinished() {
        round = nil
        if let completion = stopCompletion {
            stopCompletion = nil
            completion()
        }
    }
}
