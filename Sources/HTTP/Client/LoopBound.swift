/// Carries a loop-confined value through a `@Sendable` closure that hands it back to the loop thread.
///
/// `@unchecked Sendable`: the value is only read inside work that runs on the loop thread (through
/// `EventLoop.execute`), so it is never touched by two threads.
struct LoopBound<Value>: @unchecked Sendable {
    let value: Value
}

/// What the async `send` knows about its transfer, shared with the task's cancellation handler.
///
/// `@unchecked Sendable`: the cancellation handler only hops to the loop with it; both fields are read and
/// written on the loop thread.
final class PendingTransfer: @unchecked Sendable {
    var id: HTTPRequestID?
    var cancelRequested = false
}
