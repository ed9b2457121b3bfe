import CLibUV
import Foundation

/// Accepts stream connections on a Unix socket or a TCP address. Loop-confined.
///
/// A Unix socket file left behind by a dead process is replaced; one that a live process still accepts on
/// is refused with an error that says so. The file is created with the requested mode and removed on close.
public final class StreamListener: HandleOwner {
    let handle: UnsafeMutableRawPointer
    private let loop: EventLoop
    private let address: ListenAddress
    private var onConnection: ((StreamConnection) -> Void)?
    private var createdSocketPath: String?

    /// The longest path a Unix socket address can hold (`sun_path` less its terminating zero).
    static let maximumSocketPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    static let backlog: Int32 = 511

    public init(
        loop: EventLoop, address: ListenAddress, onConnection: @escaping (StreamConnection) -> Void
    ) throws {
        self.loop = loop
        self.address = address
        self.onConnection = onConnection
        switch address {
        case .unix:
            handle = allocateHandle(UV_NAMED_PIPE)
            uv_pipe_init(loop.loop, handle.assumingMemoryBound(to: uv_pipe_t.self), 0)
        case .tcp:
            handle = allocateHandle(UV_TCP)
            uv_tcp_init(loop.loop, handle.assumingMemoryBound(to: uv_tcp_t.self))
        }
        retainWhileOpen()
        do {
            try bind()
            try UVError.check(
                uv_listen(handle.assumingMemoryBound(to: uv_stream_t.self), StreamListener.backlog) { server, status in
                    StreamListener.owner(of: UnsafeMutableRawPointer(server))?.accept(status: status)
                },
                "listen", detail: address.description
            )
        } catch {
            close()
            throw error
        }
    }

    /// The port actually bound, for a TCP listener (useful with port 0).
    public var boundPort: Int? {
        guard case .tcp = address else { return nil }
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                uv_tcp_getsockname(handle.assumingMemoryBound(to: uv_tcp_t.self), $0, &length)
            }
        }
        guard status == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: storage) { bytes in
            if family == AF_INET6 {
                return Int(UInt16(bigEndian: bytes.load(as: sockaddr_in6.self).sin6_port))
            }
            return Int(UInt16(bigEndian: bytes.load(as: sockaddr_in.self).sin_port))
        }
    }

    /// Stops accepting. Connections already accepted are not affected.
    public func close() {
        onConnection = nil
        closeHandle()
    }

    func handleDidClose() {
        onConnection = nil
        if let path = createdSocketPath { unlink(path) }
    }

    private func bind() throws {
        switch address {
        case .unix(let path, let mode):
            try bindUnix(path: path, mode: mode)
        case .tcp(let host, let port):
            var storage = sockaddr_storage()
            let parsed = withUnsafeMutablePointer(to: &storage) { pointer in
                if host.contains(":") {
                    return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        uv_ip6_addr(host, Int32(port), $0)
                    }
                }
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    uv_ip4_addr(host, Int32(port), $0)
                }
            }
            try UVError.check(parsed, "parse address", detail: "\(address) is not a numeric IP address and port")
            let status = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    uv_tcp_bind(handle.assumingMemoryBound(to: uv_tcp_t.self), $0, 0)
                }
            }
            try UVError.check(status, "bind", detail: address.description)
        }
    }

    private func bindUnix(path: String, mode: mode_t) throws {
        guard path.utf8.count <= StreamListener.maximumSocketPathLength else {
            throw UVError(code: -ENAMETOOLONG, operation: "bind", detail:
                "socket path \(path) is longer than \(StreamListener.maximumSocketPathLength) bytes: "
                    + "choose a shorter one")
        }
        try removeStaleSocket(at: path)

        // The file must never exist with wider permissions than asked for, so the umask covers the bind.
        let previousMask = umask(~mode & 0o777)
        let status = uv_pipe_bind(handle.assumingMemoryBound(to: uv_pipe_t.self), path)
        umask(previousMask)
        try UVError.check(status, "bind", detail: "unix socket \(path)")
        createdSocketPath = path
        chmod(path, mode)
    }

    /// Removes a socket file nobody listens on; refuses to touch a live socket or a file that is not a socket.
    private func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw UVError(code: -EEXIST, operation: "bind", detail: "\(path) exists and is not a socket: move it away")
        }
        if UnixSocketProbe.isAccepting(path: path) {
            throw UVError(code: -EADDRINUSE, operation: "bind", detail:
                "another process is listening on \(path): stop it or choose another --socket")
        }
        unlink(path)
    }

    private func accept(status: Int32) {
        guard status == 0, let onConnection else { return }
        let kind: StreamConnection.Kind = if case .unix = address { .unix } else { .tcp }
        guard let connection = StreamConnection(accepting: handle, kind: kind, loop: loop) else { return }
        onConnection(connection)
    }
}
