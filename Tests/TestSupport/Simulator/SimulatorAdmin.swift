import Foundation
import JSON

/// Talks to the simulator's `/_admin/` API: plain JSON over HTTP/1.1 on loopback, one request per
/// connection (`PlainHTTPExchange`).
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
        let answer = try PlainHTTPExchange.send(port: port, method: method, path: path, body: payload)
        let value = answer.body.isEmpty ? JSONValue.null : try JSONParser.parse(answer.body)
        guard (200..<300).contains(answer.status) else {
            throw TestSupportError("admin \(method) \(path) answered \(answer.status): \(value)")
        }
        return value
    }
}
