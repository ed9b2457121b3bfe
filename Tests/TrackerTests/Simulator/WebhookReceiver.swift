import EventLoop
import HTTP
import JSON

/// A webhook endpoint on loopback built on the product's HTTP server: records each delivery and answers
/// with the next status from `statuses` (then 200). Loop-confined.
final class WebhookReceiver {
    /// How long a test waits for deliveries before it gives up (a safety net, not an assertion on timing).
    static let patienceMilliseconds: UInt64 = 15_000

    private(set) var deliveries: [HTTPServerRequest] = []
    var statuses: [Int] = []
    private let loop: EventLoop
    private var server: HTTPServer!
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Error>, timer: LoopTimer)] = []

    init(loop: EventLoop) throws {
        self.loop = loop
        let address = ListenAddress.tcp(host: "127.0.0.1", port: 0)
        server = try HTTPServer(loop: loop, address: address) { [unowned self] request, responder in
            deliveries.append(request)
            let status = statuses.isEmpty ? 200 : statuses.removeFirst()
            responder.respond(HTTPServerResponse(status: status))
            resumeWaiters()
        }
    }

    var url: String { "http://127.0.0.1:\(server.boundPort!)/webhooks/azure-devops/config-1/secret-token" }

    /// The JSON bodies received so far.
    func payloads() throws -> [JSONValue] { try deliveries.map { try JSONParser.parse($0.body) } }

    /// Waits until at least `count` deliveries arrived.
    func waitForDeliveries(_ count: Int) async throws {
        guard deliveries.count < count else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let timer = LoopTimer(loop: loop)
            waiters.append((count, continuation, timer))
            timer.start(afterMilliseconds: WebhookReceiver.patienceMilliseconds) { [unowned self] in
                timer.close()
                guard let index = waiters.firstIndex(where: { $0.timer === timer }) else { return }
                let waiter = waiters.remove(at: index)
                waiter.continuation.resume(throwing: SimulatorTestError(
                    "expected \(count) deliveries, received \(deliveries.count)"))
            }
        }
    }

    func close() {
        server.close()
    }

    private func resumeWaiters() {
        let ready = waiters.filter { $0.count <= deliveries.count }
        waiters.removeAll { $0.count <= deliveries.count }
        for waiter in ready {
            waiter.timer.close()
            waiter.continuation.resume()
        }
    }
}
