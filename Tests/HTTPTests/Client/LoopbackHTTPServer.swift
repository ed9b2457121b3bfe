import Foundation

/// A small HTTP/1.1 server on 127.0.0.1 for client tests: plain POSIX sockets, one thread per connection,
/// keep-alive, and a handler that decides each reply. Records what it received.
///
/// `@unchecked Sendable`: every mutable member is guarded by `lock`; the handler is `@Sendable`.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]
        /// Which accepted connection (1, 2, ...) carried the request.
        var connectionNumber: Int

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct Reply: Sendable {
        var status: Int = 200
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Close the connection without answering.
        var dropConnection = false
        /// Keep the connection open without answering until the server stops.
        var neverAnswer = false

        static func text(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
            Reply(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    let port: Int
    /// The first byte of a TLS ClientHello.
    private let tlsHandshakeRecord: UInt8 = 0x16
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var received: [Request] = []
    private var connections: [Int32] = []
    private var acceptedCount = 0
    private var stopped = false
    private let stopSignal = DispatchSemaphore(value: 0)
    private var receivedWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        (listener, port) = try LoopbackHTTPServer.listen()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// A listening socket on 127.0.0.1 with a port the kernel picked.
    private static func listen() throws -> (Int32, Int) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(listener, 128) == 0 else {
            close(listener)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        return (listener, Int(UInt16(bigEndian: address.sin_port)))
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] {
        lock.withLock { received }
    }

    var acceptedConnectionCount: Int {
        lock.withLock { acceptedCount }
    }

    /// Waits until at least `count` requests have arrived.
    func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if received.count >= count {
                lock.unlock()
                continuation.resume()
            } else {
                receivedWaiters.append((count, continuation))
                lock.unlock()
            }
        }
    }

    /// Stops accepting and ends open connections. Descriptors are closed only by the threads using them, so
    /// a number the kernel reuses for another test's socket is never touched here.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        for _ in 0..<1000 { stopSignal.signal() }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(connection)
                return
            }
            acceptedCount += 1
            let number = acceptedCount
            connections.append(connection)
            lock.unlock()
            Thread.detachNewThread { [self] in serve(connection, number: number) }
        }
    }

    private func serve(_ connection: Int32, number: Int) {
        defer {
            lock.withLock { connections.removeAll { $0 == connection } }
            close(connection)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(connection, buffer: &buffer, connectionNumber: number) {
            record(request)
            let reply = handler(request)
            if reply.dropConnection { return }
            if reply.neverAnswer {
                stopSignal.wait()
                return
            }
            guard write(reply, to: connection) else { return }
        }
    }

    private func record(_ request: Request) {
        lock.lock()
        received.append(request)
        let ready = receivedWaiters.filter { $0.count <= received.count }
        receivedWaiters.removeAll { $0.count <= received.count }
        lock.unlock()
        for waiter in ready { waiter.continuation.resume() }
    }

    private func readRequest(_ connection: Int32, buffer: inout [UInt8], connectionNumber: Int) -> Request? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if buffer.first == tlsHandshakeRecord {
                // A TLS client talking to this plain server: answer in plain text, as a real one would.
                _ = write(Reply.text("plain HTTP here", status: 400), to: connection)
                return nil
            }
            headEnd = buffer.firstRange(of: terminator)?.upperBound
            if headEnd == nil, !readMore(connection, into: &buffer) { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let requestLine = lines.removeFirst().split(separator: " ")
        let headers: [(String, String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        while buffer.count < headEnd! + length {
            if !readMore(connection, into: &buffer) { return nil }
        }
        let body = Array(buffer[headEnd!..<(headEnd! + length)])
        buffer.removeFirst(headEnd! + length)
        return Request(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
            connectionNumber: connectionNumber
        )
    }

    private func readMore(_ connection: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ reply: Reply, to connection: Int32) -> Bool {
        var text = "HTTP/1.1 \(reply.status) Reason\r\n"
        for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(reply.body.count)\r\n\r\n"
        let bytes = Array(text.utf8) + reply.body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
