import JSON

/// What a handler knows about the call it is serving, and how it talks back while working.
///
/// Loop-confined: use it on the thread (executor) that runs the session, which is where handlers run.
/// Cancellation (from `rpc.cancel`, the deadline, a closed connection or shutdown) arrives as Swift task
/// cancellation: check `Task.isCancelled` or let a cancellable await throw `CancellationError`.
///
/// A session reuses the context of an inline (`registerImmediate`) call for its next inline call when the
/// handler kept no reference to it; a context that a handler keeps is never changed afterwards.
public final class CallContext {
    public private(set) var method: String
    /// The request id, or `nil` for a notification.
    public private(set) var id: JSONValue?
    public private(set) var meta: CallMeta
    /// The connection the call came from.
    public let peer: RPCPeer
    /// When the call must be finished, on the session host's monotonic clock; `nil` without `timeoutMs`.
    public private(set) var deadlineNanoseconds: UInt64?

    weak var session: RPCSession?
    /// The session's number for the call, to find it again when progress is reported.
    private(set) var serial: Int

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

    /// Points this context at another call; only for a context nobody else holds.
    func reuse(
        method: String, id: JSONValue?, meta: CallMeta, deadlineNanoseconds: UInt64?, session: RPCSession?, serial: Int
    ) {
        self.method = method
        self.id = id
        self.meta = meta
        self.deadlineNanoseconds = deadlineNanoseconds
        if session != nil || self.session != nil { self.session = session }
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
