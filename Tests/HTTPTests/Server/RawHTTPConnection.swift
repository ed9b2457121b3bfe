import Foundation

/// A blocking TCP connection to 127.0.0.1 that writes raw bytes and reads raw HTTP responses, so tests can
/// send what a well-behaved client never would (pipelined bursts, broken framing, oversized bodies).
///
/// `@unchecked Sendable`: one test task uses it at a time; the descriptor is fixed after `init`.
final class RawHTTPConnection: @unchecked Sendable {
    /// One response as read from the wire.
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// How long a read waits before the test gives up on a server that never answers.
    static let readTimeoutMilliseconds: Int32 = 10_000

    private let descriptor: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(descriptor)
            throw RawHTTPConnectionError("cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(descriptor)
    }

    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw RawHTTPConnectionError("write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Stops sending (half-close) while still reading.
    func finishWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads one response: head, then a `Content-Length` body.
    func readResponse() throws -> Response {
        let headEnd = try readUntil(Array("\r\n\r\n".utf8))
        let headText = String(decoding: buffered[..<headEnd], as: UTF8.self)
        buffered.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw RawHTTPConnectionError("not a status line: \(headText)")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, headers: headers, body: [])
        let length = Int(response.header("Content-Length") ?? "0") ?? 0
        while buffered.count < length {
            guard try fill() else { throw RawHTTPConnectionError("connection closed inside a body") }
        }
        response.body = Array(buffered[..<length])
        buffered.removeFirst(length)
        return response
    }

    /// Whether the server sent something (or closed) within `milliseconds`, without reading it.
    func hasInput(withinMilliseconds milliseconds: Int32) -> Bool {
        if !buffered.isEmpty { return true }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// Reads until the server closes; returns what arrived after the last complete response.
    func readUntilClosed() throws -> [UInt8] {
        while try fill() {}
        defer { buffered = [] }
        return buffered
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        while true {
            if let index = firstIndex(of: marker) { return index }
            guard try fill() else { throw RawHTTPConnectionError("connection closed before a complete response") }
        }
    }

    private func firstIndex(of marker: [UInt8]) -> Int? {
        guard buffered.count >= marker.count else { return nil }
        return (0...(buffered.count - marker.count)).first { start in
            buffered[start..<start + marker.count].elementsEqual(marker)
        }
    }

    /// Reads once; false when the peer closed.
    private func fill() throws -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, RawHTTPConnection.readTimeoutMilliseconds)
        guard ready > 0 else { throw RawHTTPConnectionError("no answer within the read timeout") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 && errno == ECONNRESET { return false }
        guard count >= 0 else { throw RawHTTPConnectionError("read failed: \(String(cString: strerror(errno)))") }
        buffered.append(contentsOf: chunk[..<count])
        return count > 0
    }
}
