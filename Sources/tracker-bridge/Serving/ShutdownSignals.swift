import EventLoop
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a graceful shutdown. A second signal while shutting down is logged and
/// otherwise ignored: the grace period already bounds how long the server takes. Loop-confined.
final class ShutdownSignals {
    private var watchers: [SignalWatcher] = []
    private var shuttingDown = false

    init(loop: EventLoop, logger: Logger, shutDown: @escaping () -> Void) throws {
        ShutdownSignals.unblock([SIGINT, SIGTERM])
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            watchers.append(try SignalWatcher(loop: loop, signal: number) { [unowned self] in
                if shuttingDown {
                    logger.notice("already shutting down", ["signal": name])
                    return
                }
                shuttingDown = true
                logger.info("shutting down", ["signal": name])
                shutDown()
            })
        }
    }

    /// A parent may start the server with these signals blocked (the mask is inherited across exec); it
    /// could then never be stopped gracefully.
    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    func close() {
        watchers.forEach { $0.close() }
        watchers.removeAll()
    }
}
