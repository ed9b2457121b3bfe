/// What a session needs from the transport that runs it: a way to send, a task launcher, timers and a clock.
///
/// The RPC server implements it on the event loop; tests implement it with their own executor and clock.
/// The session calls every member on the host's thread only.
public protocol RPCSessionHost: AnyObject {
    /// Sends complete NDJSON lines (each ends with `\n`) to the peer.
    func send(_ bytes: [UInt8])

    /// Starts `work` as a task on the executor the session lives on.
    func startTask(_ work: @escaping () async -> Void) -> Task<Void, Never>

    /// Calls `fire` once after `milliseconds`, unless the returned timer is cancelled first.
    func startTimer(afterMilliseconds milliseconds: UInt64, _ fire: @escaping () -> Void) -> any RPCSessionTimer

    /// A monotonic clock in nanoseconds, for deadlines and call durations.
    var monotonicNanoseconds: UInt64 { get }
}

/// A one-shot timer started by `RPCSessionHost.startTimer`.
public protocol RPCSessionTimer: AnyObject {
    /// Stops the timer and releases it; `fire` is not called afterwards.
    func cancel()
}
