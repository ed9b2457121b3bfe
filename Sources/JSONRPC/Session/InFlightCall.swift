import JSON

/// A call whose handler runs as a task: tracked until the task ends, even after it was answered early
/// (cancelled, deadline passed), so that shutdown can wait for the work itself.
final class InFlightCall {
    let serial: Int
    let method: String
    let id: JSONValue?
    let batch: BatchReply?
    let context: CallContext
    let startNanoseconds: UInt64
    var task: Task<Void, Never>?
    var deadlineTimer: (any RPCSessionTimer)?
    /// Set once the reply (or, for a notification, the outcome) has been produced.
    var isAnswered = false

    init(
        serial: Int, method: String, id: JSONValue?, batch: BatchReply?, context: CallContext, startNanoseconds: UInt64
    ) {
        self.serial = serial
        self.method = method
        self.id = id
        self.batch = batch
        self.context = context
        self.startNanoseconds = startNanoseconds
    }

    var isNotification: Bool { id == nil }
}
