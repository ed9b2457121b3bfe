import CLibUV

/// A one-shot or repeating timer on the loop. Loop-confined.
///
/// The timer stays alive (and may fire) until `close()`, even without other references.
public final class LoopTimer: HandleOwner {
    let handle: UnsafeMutableRawPointer
    private var fire: (() -> Void)?

    public init(loop: EventLoop) {
        handle = allocateHandle(UV_TIMER)
        uv_timer_init(loop.loop, handle.assumingMemoryBound(to: uv_timer_t.self))
        retainWhileOpen()
    }

    /// Starts (or restarts) the timer. A repeating timer fires every `repeatingMilliseconds` after the first.
    public func start(afterMilliseconds: UInt64, repeatingMilliseconds: UInt64 = 0, _ fire: @escaping () -> Void) {
        guard !isClosing else { return }
        self.fire = fire
        uv_timer_start(handle.assumingMemoryBound(to: uv_timer_t.self), { timer in
            LoopTimer.owner(of: UnsafeMutableRawPointer(timer))?.fire?()
        }, afterMilliseconds, repeatingMilliseconds)
    }

    public func stop() {
        guard !isClosing else { return }
        uv_timer_stop(handle.assumingMemoryBound(to: uv_timer_t.self))
    }

    /// Stops the timer for good and releases it once libuv lets go of the handle.
    public func close() {
        fire = nil
        closeHandle()
    }

    /// A timer that neither keeps `run()` going nor needs to be kept: fires once, then closes itself.
    @discardableResult
    public static func once(on loop: EventLoop, afterMilliseconds: UInt64, _ fire: @escaping () -> Void) -> LoopTimer {
        let timer = LoopTimer(loop: loop)
        timer.start(afterMilliseconds: afterMilliseconds) { [unowned timer] in
            timer.close()
            fire()
        }
        return timer
    }

    func handleDidClose() { fire = nil }
}
