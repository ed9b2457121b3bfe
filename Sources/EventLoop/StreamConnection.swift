import CLibUV
import Foundation

/// One accepted stream connection: reads delivered as they arrive, writes queued and sent in order.
/// Loop-confined.
///
/// Writes never block. While one `uv_write` is in flight, later writes collect in `outgoing` and go out
/// together when it completes, so a burst of small replies becomes a few large writes. `queuedWriteBytes`
/// lets the owner apply backpressure (stop reading while the peer does not read its replies).
public final class StreamConnection: HandleOwner {
    enum Kind { case unix, tcp }

    let handle: UnsafeMutableRawPointer
    public let id: Int
    private let loop: EventLoop
    private let kind: Kind

    public var onRead: ((UnsafeRawBufferPointer) -> Void)?
    public var onEndOfInput: (() -> Void)?
    public var onClose: (() -> Void)?
    /// Called when every queued byte has been handed to the kernel.
    public var onWriteQueueDrained: (() -> Void)?

    private var outgoing: [UInt8] = []
    private var inFlightBytes = 0
    private var closeAfterFlush = false
    private var isReading = false
    public private(set) var isClosed = false

    private static var nextID = 0

    init?(accepting server: UnsafeMutableRawPointer, kind: Kind, loop: EventLoop) {
        self.loop = loop
        self.kind = kind
        StreamConnection.nextID += 1
        id = StreamConnection.nextID
        switch kind {
        case .unix:
            handle = allocateHandle(UV_NAMED_PIPE)
            uv_pipe_init(loop.loop, handle.assumingMemoryBound(to: uv_pipe_t.self), 0)
        case .tcp:
            handle = allocateHandle(UV_TCP)
            uv_tcp_init(loop.loop, handle.assumingMemoryBound(to: uv_tcp_t.self))
            uv_tcp_nodelay(handle.assumingMemoryBound(to: uv_tcp_t.self), 1)
        }
        retainWhileOpen()
        let status = uv_accept(server.assumingMemoryBound(to: uv_stream_t.self), stream)
        if status != 0 {
            closeHandle()
            return nil
        }
    }

    private var stream: UnsafeMutablePointer<uv_stream_t> { handle.assumingMemoryBound(to: uv_stream_t.self) }

    /// The peer's `address:port` (`[address]:port` for IPv6) on a TCP connection; `nil` on a Unix socket or
    /// once the peer is gone.
    public var remoteAddress: String? {
        guard kind == .tcp, !isClosed else { return nil }
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                uv_tcp_getpeername(handle.assumingMemoryBound(to: uv_tcp_t.self), $0, &length)
            }
        }
        guard status == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let isIPv6 = Int32(storage.ss_family) == AF_INET6
        return withUnsafePointer(to: &storage) { pointer in
            if isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    guard uv_ip6_name(address, &text, text.count) == 0 else { return nil }
                    return "[\(String(cString: text))]:\(UInt16(bigEndian: address.pointee.sin6_port))"
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                guard uv_ip4_name(address, &text, text.count) == 0 else { return nil }
                return "\(String(cString: text)):\(UInt16(bigEndian: address.pointee.sin_port))"
            }
        }
    }

    /// Whether the peer has closed its end completely rather than only its sending side: the socket reports a
    /// hang-up or an error. A Unix socket says so as soon as the peer closes; a TCP socket only once a write
    /// to it has failed. Also `true` once this connection is closed.
    public var peerHasHungUp: Bool {
        guard !isClosed, !isClosing else { return true }
        var descriptor: uv_os_fd_t = -1
        guard uv_fileno(rawHandle, &descriptor) == 0 else { return true }
        // POLLHUP and POLLERR are reported whatever events are asked for; asking for none leaves readable
        // data (a half-closed peer's last requests) out of the answer.
        var entry = pollfd(fd: descriptor, events: 0, revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        return Int32(entry.revents) & (Int32(POLLHUP) | Int32(POLLERR)) != 0
    }

    /// Bytes accepted by `write` that the kernel has not taken yet.
    public var queuedWriteBytes: Int { outgoing.count + inFlightBytes }

    /// Starts delivering incoming bytes to `onRead`. Idempotent.
    public func startReading() {
        guard !isReading, !isClosed, !closeAfterFlush else { return }
        isReading = true
        uv_read_start(stream, { handle, _, buffer in
            let owner = StreamConnection.owner(of: UnsafeMutableRawPointer(handle))
            guard let buffer, let loop = owner?.loop else { return }
            buffer.pointee = loop.readBuffer.uvBuffer
        }, { stream, count, buffer in
            guard let connection = StreamConnection.owner(of: UnsafeMutableRawPointer(stream)) else { return }
            connection.didRead(count: count, base: buffer?.pointee.base)
        })
    }

    /// Stops delivering incoming bytes until `startReading()`; the kernel buffers (and then throttles) the peer.
    public func stopReading() {
        guard isReading, !isClosed else { return }
        isReading = false
        uv_read_stop(stream)
    }

    /// Queues bytes for sending. Bytes written after `close` are dropped.
    ///
    /// With nothing queued, the bytes go to the kernel right away (`uv_try_write`); only what it does not
    /// take is copied into the queue. A reply to a lone request therefore leaves in the same loop iteration,
    /// with no write request to allocate and no completion callback to wait for.
    public func write(_ bytes: [UInt8]) {
        guard !isClosed, !closeAfterFlush, !bytes.isEmpty else { return }
        guard inFlightBytes == 0, outgoing.isEmpty else {
            outgoing.append(contentsOf: bytes)
            return
        }
        let written = bytes.withUnsafeBytes { tryWrite($0) }
        guard written < bytes.count else { return }
        outgoing.append(contentsOf: bytes[written...])
        flush()
    }

    /// Hands as much of `bytes` to the kernel as it takes without blocking; 0 when it takes nothing now.
    private func tryWrite(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var buffer = uv_buf_init(
            UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self), UInt32(bytes.count)
        )
        let status = uv_try_write(stream, &buffer, 1)
        // EAGAIN means the socket buffer is full; any real error resurfaces from the queued uv_write.
        return status > 0 ? Int(status) : 0
    }

    /// Closes the connection, by default once everything queued has been sent.
    public func close(afterFlushing: Bool = true) {
        guard !isClosed else { return }
        stopReading()
        if afterFlushing && queuedWriteBytes > 0 {
            closeAfterFlush = true
            return
        }
        isClosed = true
        closeHandle()
    }

    func handleDidClose() {
        isClosed = true
        let closeHandler = onClose
        onRead = nil
        onEndOfInput = nil
        onClose = nil
        onWriteQueueDrained = nil
        outgoing = []
        closeHandler?()
    }

    private func didRead(count: Int, base: UnsafeMutablePointer<CChar>?) {
        if count > 0, let base {
            onRead?(UnsafeRawBufferPointer(start: base, count: count))
        } else if count == Int(UV_EOF.rawValue) {
            stopReading()
            onEndOfInput?()
        } else if count < 0 {
            close(afterFlushing: false)
        }
    }

    private func flush() {
        guard !outgoing.isEmpty, !isClosed else { return }
        let request = WriteRequest(bytes: outgoing)
        outgoing.removeAll(keepingCapacity: true)
        inFlightBytes = request.count
        request.request.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        var buffer = request.uvBuffer
        let status = uv_write(request.request, stream, &buffer, 1) { request, status in
            guard let request else { return }
            let connection = request.pointee.data.map {
                Unmanaged<StreamConnection>.fromOpaque($0).takeUnretainedValue()
            }
            WriteRequest.release(request)
            connection?.didWrite(status: status)
        }
        if status < 0 {
            WriteRequest.release(request.request)
            inFlightBytes = 0
            close(afterFlushing: false)
        }
    }

    private func didWrite(status: Int32) {
        inFlightBytes = 0
        guard status == 0 else {
            outgoing.removeAll()
            if !isClosed { close(afterFlushing: false) }
            return
        }
        if !outgoing.isEmpty {
            flush()
            return
        }
        if closeAfterFlush {
            isClosed = true
            closeHandle()
            return
        }
        onWriteQueueDrained?()
    }
}
