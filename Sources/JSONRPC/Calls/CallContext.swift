import JSON

/// What a handler knows about the call it is serving, and how it talks back while working.
///
/// Loop-confined: use it on the thread (executor) that runs the session, which is where handlers run.
/// Cancellation (from `rpc.cancel`, the deadline, a closed connection or shutdown) arrives as Swift task
/// cancellation: check `Task.isCancelled` or let a cancellable await throw `CancellationError`.
public final class CallContext {
    public let method: String
    /// The request id, or `nil` for a notification.
    public let id: JSONValue?
    public let meta: CallMeta
    /// The connection the call came from.
    public let peer: RPCPeer
    /// When the call must be finished, on the session host's monotonic clock; `nil` without `timeoutMs`.
    public let deadlineNanoseconds: UInt64?

    weak var session: RPCSession?
    /// The session's number for the call, to find it again when progress is reported.
    let serial: Int

    init(
        method: String, id: JSONValue?, meta: CallMeta, peer: RPCPeer, deadlineNanoseconds: UInt64?,
        session: RPCSession?, serial: Int
    ) {
        self.method = method
        self.id = id
        self.meta = meta
        self.peer = peer
        self.deadlineNanoseconds = deadlineNanoseconds
        self.session = session
        self.serial = serial
    }

    /// Milliseconds left before the deadline (0 once passed); `nil` when the call has no deadline.
    /// Pass it on to slow work, e.g. as a request timeout towards the tracker.
    public var remainingMilliseconds: UInt64? {
        guard let deadlineNanoseconds, let session else { return nil }
        let now = session.now()
        return deadlineNanoseconds > now ? (deadlineNanoseconds - now) / 1_000_000 : 0
    }

    /// Sends `rpc.progress {progressToken, progress, total?, message?}` to the calling connection.
    ///
    /// Does nothing when the caller gave no `_meta.progressToken`, or once the call has been answered.
    public func reportProgress(progress: Double, total: Double? = nil, message: String? = nil) {
        guard let token = meta.progressToken else { return }
        session?.sendProgress(forCall: serial, token: token, progress: progress, total: total, message: message)
    }
}
