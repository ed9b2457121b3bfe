import JSON

/// One connection's JSON-RPC 2.0 conversation (SPEC §3), without any I/O of its own.
///
/// The transport feeds it the bytes it reads (`receive`) and gives it an `RPCSessionHost` to send replies,
/// start handler tasks and set deadline timers. Replies to calls that finish later go out whenever they
/// finish, in any order; clients match them by id.
///
/// Loop-confined: every method is called on the host's thread, and handler tasks run on the same executor.
public final class RPCSession {
    public let peer: RPCPeer
    public let limits: RPCLimits
    /// Called once per message that was dispatched or rejected, for the request log. Leave `nil` to skip
    /// reading the clock on the hot path.
    public var onCallCompleted: ((CallOutcome) -> Void)?
    /// Called when a handler threw an error that the caller only sees as INTERNAL, with that error, for the
    /// server log. Cheap to leave set: it runs only on such failures.
    public var onHandlerFailure: ((_ method: String, _ id: JSONValue?, _ error: any Error) -> Void)?
    /// Messages answered or dropped so far (requests, notifications and invalid messages).
    public private(set) var completedMessageCount = 0

    let router: Router
    /// Held strongly until `close()`, which breaks the cycle with a host that owns the session.
    var host: (any RPCSessionHost)?
    private var framer: LineFramer
    /// Calls whose handler task has not ended yet, by serial number.
    var calls: [Int: InFlightCall] = [:]
    var nextSerial = 0
    /// The serial of the immediate handler running right now, which may report progress too.
    var immediateSerial: Int?
    private var idleWaiters: [() -> Void] = []
    /// Bytes received after the session stopped taking messages; they begin at the start of a line.
    private var heldInput: [UInt8] = []
    /// Whether the peer has ended its input, and whether its last unterminated line has been handled.
    private var hasEndOfInput = false
    private var isFinished = false
    /// While draining, new calls get `refusal` unless their method is exempt.
    var drainingRefusal: RPCError?
    var drainingExemptMethods: Set<String> = []
    /// The most recently dispatched method and its handler.
    var lastHandler: (method: String, handler: Router.Handler)?
    /// The context of the last inline call, reused by the next one when its handler kept no reference to it.
    var spareContext: CallContext?
    /// Reused for encoding single replies.
    var scratch: [UInt8] = []

    /// When set, the peer must authenticate first: until an authentication method sets `peer.principal`,
    /// every call to a method outside this set is refused UNAUTHENTICATED. `nil` (the default) trusts the
    /// connection, as for a Unix socket whose file permissions already say who may connect.
    public var methodsAllowedBeforeAuthentication: Set<String>?

    /// Whether `close()` has been called; a closed session sends nothing more.
    public private(set) var isClosed = false

    public init(router: Router, peer: RPCPeer, limits: RPCLimits = RPCLimits(), host: any RPCSessionHost) {
        self.router = router
        self.peer = peer
        self.limits = limits
        self.host = host
        framer = LineFramer(maxLineBytes: limits.maxMessageBytes)
    }

    /// Calls whose handlers are still running (including ones already answered as cancelled or expired).
    public var inFlightCount: Int { calls.count }

    /// Bytes of an incomplete line waiting for the rest of it.
    public var bufferedInputBytes: Int { framer.bufferedByteCount }

    /// Bytes received but not handled yet, because the session stopped taking messages (see `isTakingInput`).
    public var heldInputBytes: Int { heldInput.count }

    /// Whether the calls in flight have reached `limits.maxCallsInFlight`.
    public var isAtCallLimit: Bool { calls.count >= limits.maxCallsInFlight }

    /// Whether the session takes further messages now. It stops after a message that brought its calls in
    /// flight to `limits.maxCallsInFlight`, or after which the host reported its output backed up; the bytes
    /// not handled yet are held. The transport should stop reading while this is false and call
    /// `resumeInput()` when the reason has passed (`RPCSessionHost.sessionCanResumeInput` tells it about calls).
    public var isTakingInput: Bool { heldInput.isEmpty && !isAtCallLimit }

    /// Feeds bytes read from the connection. Complete lines are handled before this returns, up to the point
    /// where the session stops taking messages; the rest is held for `resumeInput()`.
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosed else { return }
        guard heldInput.isEmpty else {
            heldInput.append(contentsOf: bytes)
            return
        }
        let taken = consume(bytes)
        if taken < bytes.count {
            heldInput.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[taken...]))
        }
    }

    /// Handles held input until the session stops taking messages again or none is left; then, when the
    /// peer had already ended its input, the last unterminated line. Does nothing while at the call limit.
    public func resumeInput() {
        guard !isClosed, !isAtCallLimit else { return }
        if !heldInput.isEmpty {
            let pending = heldInput
            heldInput = []
            let taken = pending.withUnsafeBytes { consume($0) }
            if taken < pending.count {
                heldInput = Array(pending[taken...])
                return
            }
        }
        if hasEndOfInput { finishInput() }
        wakeIdleWaitersIfIdle()
    }

    /// The peer closed its sending side: a last line without a newline is still handled, after any held input.
    public func receiveEndOfInput() {
        hasEndOfInput = true
        guard heldInput.isEmpty else { return }
        finishInput()
    }

    /// Calls `callback` once no handler task is running any more and no held input waits (right away if so).
    public func whenIdle(_ callback: @escaping () -> Void) {
        if isIdle {
            callback()
        } else {
            idleWaiters.append(callback)
        }
    }

    private var isIdle: Bool { calls.isEmpty && (heldInput.isEmpty || isClosed) }

    /// Hands lines to `handleLine` until the session should stop taking messages; returns the bytes taken.
    private func consume(_ bytes: UnsafeRawBufferPointer) -> Int {
        framer.consume(bytes, until: { [unowned self] in shouldStopTakingInput }) { frame in
            guard !isClosed else { return }
            switch frame {
            case .line(let line):
                handleLine(line)
            case .oversized:
                answerInvalidMessage(
                    .invalidRequest(
                        "message longer than \(limits.maxMessageBytes) bytes was discarded; send smaller messages"
                    ),
                    replyID: .null, batch: nil, start: startTime()
                )
            }
        }
    }

    private var shouldStopTakingInput: Bool {
        isClosed || isAtCallLimit || host?.isOutputBackedUp == true
    }

    private func finishInput() {
        guard !isFinished else { return }
        isFinished = true
        framer.finish { frame in
            if case .line(let line) = frame, !isClosed { handleLine(line) }
        }
    }

    /// From now on, answers new calls with `refusal` unless their method is in `exemptMethods`; calls already
    /// running continue. Used for graceful shutdown.
    public func beginDraining(refusal: RPCError, exemptMethods: Set<String> = []) {
        drainingRefusal = refusal
        drainingExemptMethods = exemptMethods
    }

    /// Answers every unanswered call with `error` and cancels its task.
    public func cancelAll(with error: RPCError) {
        for call in calls.values.sorted(by: { $0.serial < $1.serial }) where !call.isAnswered {
            answerEarly(call, with: error)
        }
    }

    /// The connection is gone: cancels every running call without replying, and sends nothing more.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        heldInput = []
        for call in calls.values where !call.isAnswered {
            answerEarly(call, with: .cancelled("the connection closed"))
        }
        host = nil
        wakeIdleWaitersIfIdle()
    }

    func now() -> UInt64 {
        host?.monotonicNanoseconds ?? 0
    }

    /// The start time for a call's duration, read only when someone is listening.
    func startTime() -> UInt64 {
        onCallCompleted == nil ? 0 : now()
    }

    func countCompletedMessage() {
        completedMessageCount += 1
    }

    /// Removes a call whose task ended and wakes up whoever waits for idleness.
    func forget(_ call: InFlightCall) {
        let wasAtCallLimit = isAtCallLimit
        calls[call.serial] = nil
        call.deadlineTimer?.cancel()
        call.deadlineTimer = nil
        if wasAtCallLimit, !isClosed {
            host?.sessionCanResumeInput()
        }
        wakeIdleWaitersIfIdle()
    }

    private func wakeIdleWaitersIfIdle() {
        guard isIdle, !idleWaiters.isEmpty else { return }
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter() }
    }
}
