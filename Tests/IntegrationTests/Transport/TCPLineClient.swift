import Foundation
import JSON
import TestSupport

/// A blocking JSON-RPC client over TCP on loopback, one request at a time, for the transport tests.
///
/// Reads wait at most `timeout` seconds, so a server that never answers fails the test instead of hanging it.
final class TCPLineClient {
    private let descriptor: Int32
    private var received: [UInt8] = []
    private var nextID = 1
    let timeout: TimeInterval

    /// Connects to `127.0.0.1:port`.
    init(port: Int, timeout: TimeInterval = 30) throws {
        self.timeout = timeout
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket(): \(String(cString: strerror(errno)))") }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw TestSupportError("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends one request and returns the reply object.
    func call(_ method: String, _ params: JSONObject = [:]) throws -> JSONValue {
        let id = nextID
        nextID += 1
        let request: JSONValue = [
            "jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params),
        ]
        try send(JSONWriter.bytes(request) + [UInt8(ascii: "\n")])
        guard let line = try readLine() else {
            throw TestSupportError("the server closed the connection instead of answering \(method)")
        }
        let reply = try JSONParser.parse(line)
        guard reply["id"] == .number(JSONNumber(id)) else {
            throw TestSupportError("the reply to \(method) carries another id: \(reply)")
        }
        return reply
    }

    /// Whether the server has closed the connection: reads until end of input, within the timeout.
    func serverClosed() throws -> Bool {
        try readLine() == nil
    }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw TestSupportError("send failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// The next line without its newline, or `nil` once the server closed the connection.
    private func readLine() throws -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(received[..<newline])
                received.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestSupportError("no reply within \(timeout) s") }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(descriptor, &chunk, chunk.count)
            if count <= 0 { return nil }
            received += chunk[..<count]
        }
    }
}
