import Foundation
import JSON

/// Every request, notification and reply that test clients exchanged with one server, in the order they
/// were sent, plus the notifications the server sent on its own. Shared by all clients of a server process
/// so that a test (or a check run after it) can validate the whole conversation against the OpenRPC document.
///
/// `@unchecked Sendable`: every access to the stored arrays holds `lock`.
public final class RPCTranscript: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [RPCExchange] = []
    private var fromServer: [JSONValue] = []

    public init() {}

    /// The exchanges so far.
    public var exchanges: [RPCExchange] {
        lock.withLock { recorded }
    }

    /// Notifications the server sent (such as `rpc.progress`), in arrival order.
    public var serverNotifications: [JSONValue] {
        lock.withLock { fromServer }
    }

    /// Exchanges of one method, for checks that look at a single method's traffic.
    public func exchanges(of method: String) -> [RPCExchange] {
        exchanges.filter { $0.method == method }
    }

    func recordRequest(method: String, request: JSONValue) -> Int {
        lock.withLock {
            recorded.append(RPCExchange(method: method, request: request, reply: nil))
            return recorded.count - 1
        }
    }

    func recordReply(_ reply: JSONValue, at index: Int) {
        lock.withLock { recorded[index].reply = reply }
    }

    func recordServerNotification(_ notification: JSONValue) {
        lock.withLock { fromServer.append(notification) }
    }
}
