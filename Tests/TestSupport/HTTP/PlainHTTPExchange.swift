import Foundation
import JSON

/// One HTTP/1.1 request to a loopback port and its answer, over a blocking socket: for poking the webhook
/// listener the way the tracker (or an attacker) would, and for the simulator's admin API.
public struct PlainHTTPExchange {
    public let status: Int
    /// Header fields by lower-cased name.
    public let headers: [String: String]
    public let body: [UInt8]

    public var json: JSONValue? { try? JSONParser.parse(body) }

    public static func send(
        port: Int, method: String, path: String, headers: [String: String] = [:], body: [UInt8] = []
    ) throws -> PlainHTTPExchange {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        let response = try exchange(port: port, request: Array(head.utf8) + body)

        guard let split = response.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestSupportError("no complete HTTP answer to \(method) \(path)")
        }
        let lines = String(decoding: response[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return PlainHTTPExchange(status: status, headers: fields, body: Array(response[split.upperBound...]))
    }

    private static func exchange(port: Int, request: [UInt8]) throws -> [UInt8] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket() failed") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestSupportError("cannot connect to 127.0.0.1:\(port)") }

        // A server may answer (e.g. 413) and close before the whole body is sent: stop sending, read the answer.
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return response
    }
}
