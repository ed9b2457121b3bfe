import JSON

/// Messages received and not yet taken by the test, in arrival order, with responses also findable by id.
///
/// Taking a response by id or the oldest message are both constant time, so a test can collect a hundred
/// thousand pipelined replies in any order.
struct RPCInbox {
    private var messages: [Int: JSONValue] = [:]
    private var responseSequences: [JSONValue: [Int]] = [:]
    private var oldest = 0
    private var nextSequence = 0

    mutating func add(_ message: JSONValue) {
        messages[nextSequence] = message
        if RPCReply.isResponse(message), let id = message["id"] {
            responseSequences[id, default: []].append(nextSequence)
        }
        nextSequence += 1
    }

    /// The oldest response with this id, removed from the inbox.
    mutating func takeResponse(to id: JSONValue) -> JSONValue? {
        guard let sequence = responseSequences[id]?.first else { return nil }
        responseSequences[id]!.removeFirst()
        if responseSequences[id]!.isEmpty { responseSequences[id] = nil }
        return messages.removeValue(forKey: sequence)
    }

    /// The oldest message of any kind, removed from the inbox.
    mutating func takeFirst() -> JSONValue? {
        while oldest < nextSequence {
            defer { oldest += 1 }
            if let message = messages.removeValue(forKey: oldest) {
                forgetResponse(message, sequence: oldest)
                return message
            }
        }
        return nil
    }

    /// When the response to `id` has arrived: removes it and returns every message that came before it.
    mutating func takeAllBeforeResponse(to id: JSONValue) -> [JSONValue]? {
        guard let marker = responseSequences[id]?.first else { return nil }
        var earlier: [JSONValue] = []
        for sequence in oldest..<marker {
            if let message = messages.removeValue(forKey: sequence) {
                forgetResponse(message, sequence: sequence)
                earlier.append(message)
            }
        }
        oldest = marker
        _ = takeResponse(to: id)
        return earlier
    }

    private mutating func forgetResponse(_ message: JSONValue, sequence: Int) {
        guard RPCReply.isResponse(message), let id = message["id"] else { return }
        responseSequences[id]?.removeAll { $0 == sequence }
        if responseSequences[id]?.isEmpty == true { responseSequences[id] = nil }
    }
}
