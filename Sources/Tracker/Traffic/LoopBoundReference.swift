/// Carries a loop-confined object through a `@Sendable` closure that hands it back to the loop thread.
///
/// `@unchecked Sendable`: the object is only used inside work that runs on the loop thread (through
/// `EventLoop.execute`), so two threads never touch it.
struct LoopBoundReference<Value: AnyObject>: @unchecked Sendable {
    let value: Value
}
