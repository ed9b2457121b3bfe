import CLibUV

/// Runs a handler on the loop thread when the process receives a signal. Loop-confined.
public final class SignalWatcher: HandleOwner {
    let handle: UnsafeMutableRawPointer
    private var handler: (() -> Void)?

    public init(loop: EventLoop, signal: Int32, _ handler: @escaping () -> Void) throws {
        handle = allocateHandle(UV_SIGNAL)
        uv_signal_init(loop.loop, handle.assumingMemoryBound(to: uv_signal_t.self))
        self.handler = handler
        retainWhileOpen()
        let status = uv_signal_start(handle.assumingMemoryBound(to: uv_signal_t.self), { signal, _ in
            SignalWatcher.owner(of: UnsafeMutableRawPointer(signal))?.handler?()
        }, signal)
        if status < 0 {
            closeHandle()
            throw UVError(code: status, operation: "uv_signal_start", detail: "signal \(signal)")
        }
    }

    public func close() {
        handler = nil
        closeHandle()
    }

    func handleDidClose() { handler = nil }
}
