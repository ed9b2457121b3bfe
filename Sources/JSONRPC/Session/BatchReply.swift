/// Collects the replies of one batch into a single array, sent once every member has answered.
final class BatchReply {
    /// `[reply,reply,...` without the closing bracket; empty until the first reply.
    private(set) var body: [UInt8] = []
    /// Members that will answer later (deferred handlers still running).
    var outstanding = 0
    /// Set when every member of the batch has been dispatched.
    var isSealed = false

    func add(_ reply: [UInt8]) {
        body.append(body.isEmpty ? UInt8(ascii: "[") : UInt8(ascii: ","))
        body.append(contentsOf: reply)
    }

    var isComplete: Bool { isSealed && outstanding == 0 }

    /// The batch's line, or `nil` when every member was a notification (nothing at all is sent then).
    func finishedLine() -> [UInt8]? {
        guard !body.isEmpty else { return nil }
        var line = body
        line.append(UInt8(ascii: "]"))
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
