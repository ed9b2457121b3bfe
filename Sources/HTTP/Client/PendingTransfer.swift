/// What the async `send` knows about its transfer, shared with the task's cancellation handler.
///
/// `@unchecked Sendable`: the cancellation handler only hops to the loop with it; both fields are read and
/// written on the loop thread.
final class PendingTransfer: @unchecked Sendable {
    var id: HTTPRequestID?
    var cancelRequested = false
}
