import Foundation
import JSON

/// A JSON-RPC 2.0 client over a real Unix socket, for tests.
///
/// Requests get increasing integer ids unless the test picks one. Replies are matched by id, so a test can
/// pipeline many requests and collect the replies in any order; `rpc.progress` notifications are collected
/// in `progress`; every message sent and received is recorded in `transcript`. Reads block for at most
/// `timeout` seconds, so a server that never answers fails the test instead of hanging it.
///
/// ```swift
/// let client = try server.connect()
/// let health = try client.call("health.check").requireResult()
/// #expect(health["status"] == "SERVING")
/// ```
///
/// Used from one thread at a time.
public final class RPCTestClient {
    public let socket: UnixSocketStream
    public let transcript: RPCTranscript
    public var timeout: TimeInterval
    /// `rpc.progress` notifications received so far.
    public private(set) var progress: [ProgressNotification] = []

    private var nextID = 1
    private var received: [UInt8] = []
    private var inbox = RPCInbox()
    private var transcriptIndexByID: [JSONValue: Int] = [:]
    private var serverClosed = false

    public init(socketPath: String, transcript: RPCTranscript = RPCTranscript(), timeout: TimeInterval = 60) throws {
        socket = try UnixSocketStream(path: socketPath)
        self.transcript = transcript
        self.timeout = timeout
    }

    // MARK: Sending

    /// Sends a request and waits for its reply.
    public func call(_ method: String, _ params: JSONObject = [:]) throws -> RPCReply {
        let id = try send(method, params)
        return try reply(to: id)
    }

    /// Sends a request without waiting and returns its id; collect the reply with `reply(to:)`.
    @discardableResult
    public func send(_ method: String, _ params: JSONObject = [:], id: JSONValue? = nil) throws -> JSONValue {
        try send(method, params: .object(params), id: id)
    }

    /// Sends a request whose params may be any JSON value (or absent), for tests of malformed params.
    @discardableResult
    public func send(_ method: String, params: JSONValue?, id: JSONValue? = nil) throws -> JSONValue {
        let id = id ?? takeNextID()
        let request = RPCTestClient.message(method: method, params: params, id: id)
        transcriptIndexByID[id] = transcript.recordRequest(method: method, request: request)
        try write(request)
        return id
    }

    /// Sends a notification (a request without an id, which never gets a reply).
    public func notify(_ method: String, _ params: JSONObject = [:]) throws {
        let notification = RPCTestClient.message(method: method, params: .object(params), id: nil)
        _ = transcript.recordRequest(method: method, request: notification)
        try write(notification)
    }

    /// Writes one message followed by a newline.
    public func write(_ message: JSONValue) throws {
        var bytes = JSONWriter.bytes(message)
        bytes.append(UInt8(ascii: "\n"))
        try socket.write(bytes)
    }

    /// Writes bytes exactly as given: for framing, batches and malformed input. Nothing is recorded.
    public func writeRaw(_ bytes: [UInt8]) throws {
        try socket.write(bytes)
    }

    /// Writes a text followed by a newline, exactly as given.
    public func writeLine(_ text: String) throws {
        try socket.write(Array(text.utf8) + [UInt8(ascii: "\n")])
    }

    /// The id the next request will get when the test does not choose one; reserves it.
    public func takeNextID() -> JSONValue {
        defer { nextID += 1 }
        return .number(JSONNumber(nextID))
    }

    // MARK: Receiving

    /// Waits for the reply whose id is `id`, keeping other messages for later.
    public func reply(to id: JSONValue) throws -> RPCReply {
        while true {
            if let message = inbox.takeResponse(to: id) {
                return try RPCReply(message)
            }
            guard try receiveMore() else {
                throw TestSupportError("the server closed the connection before replying to id \(id)")
            }
        }
    }

    /// Replies to all of `ids`, in the same order.
    public func replies(to ids: [JSONValue]) throws -> [RPCReply] {
        try ids.map { try reply(to: $0) }
    }

    /// The next message not yet taken that is not an `rpc.progress` notification, in arrival order: a reply,
    /// a batch reply (an array), or another notification.
    public func nextMessage() throws -> JSONValue {
        while true {
            if let message = inbox.takeFirst() { return message }
            guard try receiveMore() else {
                throw TestSupportError("the server closed the connection while a message was expected")
            }
        }
    }

    /// Sends a `health.check` as a marker and returns every other message that arrived before its reply.
    /// Replies on one connection may come in any order, so this proves absence only for messages the server
    /// produced before it handled the marker (for example: nothing came back for a notification).
    public func messagesBeforeMarker() throws -> [JSONValue] {
        let marker = try send("health.check")
        while true {
            if let earlier = inbox.takeAllBeforeResponse(to: marker) { return earlier }
            guard try receiveMore() else {
                throw TestSupportError("the server closed the connection before replying to the marker request")
            }
        }
    }

    /// Reads until the server closes the connection and returns the messages not yet taken.
    public func messagesUntilClosed() throws -> [JSONValue] {
        while try receiveMore() {}
        var remaining: [JSONValue] = []
        while let message = inbox.takeFirst() { remaining.append(message) }
        return remaining
    }

    /// Tells the server no more requests follow, keeping the connection open for replies.
    public func finishWriting() {
        socket.shutdownWriting()
    }

    public func close() {
        socket.close()
    }

    // MARK: Internals

    static func message(method: String, params: JSONValue?, id: JSONValue?) -> JSONValue {
        var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { object["params"] = params }
        if let id { object["id"] = id }
        return .object(object)
    }

    /// Reads once and files every complete line; `false` once the server has closed the connection.
    private func receiveMore() throws -> Bool {
        guard !serverClosed else { return false }
        let bytes = try socket.read(timeout: timeout)
        if bytes.isEmpty {
            serverClosed = true
            return false
        }
        received.append(contentsOf: bytes)

        var lineStart = 0
        while let newline = received[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(received[lineStart..<newline])
            lineStart = newline + 1
            try file(line)
        }
        received.removeSubrange(..<lineStart)
        return true
    }

    private func file(_ line: [UInt8]) throws {
        let message: JSONValue
        do {
            message = try JSONParser.parse(line)
        } catch {
            let text = String(decoding: line.prefix(500), as: UTF8.self)
            throw TestSupportError("the server sent a line that is not JSON (\(error)): \(text)")
        }

        if let notification = ProgressNotification(message) {
            progress.append(notification)
            transcript.recordServerNotification(message)
            return
        }
        if message["method"] != nil {
            transcript.recordServerNotification(message)
        } else if RPCReply.isResponse(message), let id = message["id"], let index = transcriptIndexByID[id] {
            transcript.recordReply(message, at: index)
            transcriptIndexByID[id] = nil
        }
        inbox.add(message)
    }
}
