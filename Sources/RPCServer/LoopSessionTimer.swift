import EventLoop
import JSONRPC

/// A session's deadline timer on the event loop: fires once, and frees its libuv handle either way.
final class LoopSessionTimer: RPCSessionTimer {
    private var timer: LoopTimer?

    init(loop: EventLoop, afterMilliseconds milliseconds: UInt64, fire: @escaping () -> Void) {
        let timer = LoopTimer(loop: loop)
        self.timer = timer
        timer.start(afterMilliseconds: milliseconds) { [weak self] in
            self?.cancel()
            fire()
        }
    }

    func cancel() {
        timer?.close()
        timer = nil
    }
}
