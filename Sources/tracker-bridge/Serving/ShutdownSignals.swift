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

    func close() {
        watchers.forEach { $0.close() }
        watchers.removeAll()
    }
}
