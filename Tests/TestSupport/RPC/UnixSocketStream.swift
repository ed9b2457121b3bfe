import Foundation

/// A connected Unix stream socket with blocking writes and reads that give up after a timeout.
///
/// Loop-free and thread-agnostic: one thread writes and one thread reads at most. Closed on `deinit`.
public final class UnixSocketStream: @unchecked Sendable {
    /// `@unchecked Sendable`: the descriptor is fixed after `init`; the kernel serialises concurrent use of
    /// the socket, and callers keep to one writer and one reader.
    public let descriptor: Int32
    private var closed = false

    /// Connects to the socket at `path`.
    public init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket(): \(String(cString: strerror(errno)))") }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(descriptor)
            throw TestSupportError("socket path too long for sockaddr_un: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
            buffer[pathBytes.count] = 0
        }
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw TestSupportError("cannot connect to \(path): \(reason)")
        }
    }

    deinit {
        close()
    }

    /// Writes every byte, blocking while the peer does not read.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw TestSupportError("write to the server failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Reads what is available, waiting up to `timeout` seconds for something to arrive. Returns an empty
    /// array when the peer closed its end.
    public func read(timeout: TimeInterval, maximum: Int = 256 * 1024) throws -> [UInt8] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(min(timeout * 1000, Double(Int32.max)))
        var ready: Int32
        repeat {
            ready = poll(&poller, 1, milliseconds)
        } while ready < 0 && errno == EINTR
        guard ready > 0 else {
            throw TestSupportError("no data from the server within \(timeout) s")
        }

        var bytes = [UInt8](repeating: 0, count: maximum)
        var count: Int
        repeat {
            count = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, maximum, 0) }
        } while count < 0 && errno == EINTR
        if count < 0 && errno == ECONNRESET { return [] }
        guard count >= 0 else { throw TestSupportError("read failed: \(String(cString: strerror(errno)))") }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Tells the server no more requests follow (half-close), keeping the read side open.
    public func shutdownWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }
}
