/// Carries a loop-confined value through a `@Sendable` closure that hands it back to the loop thread.
///
/// `@unchecked Sendable`: the value is only read inside work that runs on the loop thread (through
/// `EventLoop.execute`), so it is never touched by two threads.
struct LoopBound<Value>: @unchecked Sendable {
    let value: Value
}
