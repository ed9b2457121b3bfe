import CLibUV

/// Watches a socket owned by someone else (libcurl) for readability and writability. Loop-confined.
public final class PollWatcher: HandleOwner {
    let handle: UnsafeMutableRawPointer
    private var callback: ((_ readable: Bool, _ writable: Bool, _ status: Int32) -> Void)?

    public init(loop: EventLoop, socket: Int32) throws {
        handle = allocateHandle(UV_POLL)
        let status = uv_poll_init_socket(loop.loop, handle.assumingMemoryBound(to: uv_poll_t.self), socket)
        guard status == 0 else {
            handle.deallocate()
            throw UVError(code: status, operation: "uv_poll_init_socket", detail: "socket \(socket)")
        }
        retainWhileOpen()
    }

    /// Starts or changes what is watched. `status` is negative when libuv reports an error on the socket.
    public func start(
        readable: Bool, writable: Bool,
        _ callback: @escaping (_ readable: Bool, _ writable: Bool, _ status: Int32) -> Void
    ) {
        guard !isClosing else { return }
        self.callback = callback
        var events: Int32 = 0
        if readable { events |= Int32(UV_READABLE.rawValue) }
        if writable { events |= Int32(UV_WRITABLE.rawValue) }
        uv_poll_start(handle.assumingMemoryBound(to: uv_poll_t.self), events) { poll, status, events in
            let readable = events & Int32(UV_READABLE.rawValue) != 0
            let writable = events & Int32(UV_WRITABLE.rawValue) != 0
            PollWatcher.owner(of: UnsafeMutableRawPointer(poll))?.callback?(readable, writable, status)
        }
    }

    public func stop() {
        guard !isClosing else { return }
        uv_poll_stop(handle.assumingMemoryBound(to: uv_poll_t.self))
    }

    public func close() {
        callback = nil
        closeHandle()
    }

    func handleDidClose() { callback = nil }
}
