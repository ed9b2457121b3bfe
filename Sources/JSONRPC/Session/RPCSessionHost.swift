/// What a session needs from the transport that runs it: a way to send, a task launcher, timers and a clock.
///
/// The RPC server implements it on the event loop; tests implement it with their own executor and clock.
/// The session calls every member on the host's thread only.
public protocol RPCSessionHost: AnyObject {
    /// Sends complete NDJSON lines (each ends with `\n`) to the peer.
    func send(_ bytes: [UInt8])

    /// Sends one line: `write` appends the message's bytes (without the `\n`, which the host adds) to the
    /// buffer it is given. A host that gathers output lets `write` append straight into its own buffer; the
    /// default collects the line in a new array and passes it to `send`.
    func sendLine(_ write: (inout [UInt8]) -> Void)

    /// Starts `work` as a task on the executor the session lives on.
    func startTask(_ work: @escaping () async -> Void) -> Task<Void, Never>

    /// Calls `fire` once after `milliseconds`, unless the returned timer is cancelled first.
    func startTimer(afterMilliseconds milliseconds: UInt64, _ fire: @escaping () -> Void) -> any RPCSessionTimer

    /// A monotonic clock in nanoseconds, for deadlines and call durations.
    var monotonicNanoseconds: UInt64 { get }

    /// Whether the peer leaves so many reply bytes unread that the session should take no further messages
    /// for now (the transport's high-water mark). Asked after every message; the default is never.
    var isOutputBackedUp: Bool { get }

    /// The session had stopped taking messages because its calls in flight reached
    /// `RPCLimits.maxCallsInFlight`, and one of them ended. The host calls `RPCSession.resumeInput()` once its
    /// own output allows.
    func sessionCanResumeInput()
}

/// A one-shot timer started by `RPCSessionHost.startTimer`.
public protocol RPCSessionTimer: AnyObject {
    /// Stops the timer and releases it; `fire` is not called afterwards.
    func cancel()
}

extension RPCSessionHost {
    public var isOutputBackedUp: Bool { false }

    public func sendLine(_ write: (inout [UInt8]) -> Void) {
        var line: [UInt8] = []
        write(&line)
        line.append(UInt8(ascii: "\n"))
        send(line)
    }
}
