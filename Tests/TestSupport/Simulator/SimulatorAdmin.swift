import Foundation
import JSON

/// Talks to the simulator's `/_admin/` API: plain JSON over HTTP/1.1 on loopback, one request per
/// connection, with blocking sockets (fine in tests).
public struct SimulatorAdmin: Sendable {
    public let port: Int

    public init(port: Int) {
        self.port = port
    }

    /// `GET path`, returning the decoded JSON reply.
    @discardableResult
    public func get(_ path: String) throws -> JSONValue {
        try request("GET", path, body: nil)
    }

    /// `POST path` with a JSON body, returning the decoded JSON reply.
    @discardableResult
    public func post(_ path: String, _ body: JSONValue = .object([:])) throws -> JSONValue {
        try request("POST", path, body: body)
    }

    /// Every work item the simulator holds.
    public func workItems() throws -> [JSONValue] {
        let reply = try get("/_admin/workitems")
        return reply.arrayValue ?? reply["value"]?.arrayValue ?? reply["workItems"]?.arrayValue ?? []
    }

    /// Sets a work item's state as a person would, which publishes `workitem.updated`.
    public func setState(of workItemId: Int, to state: String, by user: String? = nil) throws {
        var body: JSONObject = ["state": .string(state)]
        if let user { body.append(key: "by", value: .string(user)) }
        try post("/_admin/workitems/\(workItemId)/state", .object(body))
    }

    /// Sets fault injection members, e.g. `["throttle": ["count": 1, "retryAfterSeconds": 1]]`.
    public func setFaults(_ faults: JSONObject) throws {
        try post("/_admin/faults", .object(faults))
    }

    /// Clears faults, counters, deliveries and behaviours.
    public func reset() throws {
        try post("/_admin/reset")
    }

    func request(_ method: String, _ path: String, body: JSONValue?) throws -> JSONValue {
        let payload = body.map { JSONWriter.bytes($0) } ?? []
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if body != nil {
            head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n"
        }
        head += "\r\n"
        let response = try exchange(Array(head.utf8) + payload)
        guard let split = response.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestSupportError("the simulator's admin API sent no complete HTTP reply to \(method) \(path)")
        }
        let statusLine = String(decoding: response[..<split.lowerBound], as: UTF8.self)
            .split(separator: "\r\n").first.map(String.init) ?? ""
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        let bodyBytes = Array(response[split.upperBound...])
        let value = bodyBytes.isEmpty ? JSONValue.null : try JSONParser.parse(bodyBytes)
        guard (200..<300).contains(status) else {
            throw TestSupportError("admin \(method) \(path) answered \(status): \(value)")
        }
        return value
    }

    private func exchange(_ request: [UInt8]) throws -> [UInt8] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket() failed: \(String(cString: strerror(errno)))") }
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
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            throw TestSupportError("cannot connect to the simulator on port \(port): \(reason)")
        }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw TestSupportError("sending to the simulator failed") }
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
