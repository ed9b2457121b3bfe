/// Answers one request, now or later. Loop-confined.
///
/// Exactly one of `respond` or `dropConnection` takes effect; later calls are ignored. If the client went
/// away before the answer, the answer is discarded.
public final class HTTPServerResponder {
    private weak var connection: HTTPServerConnection?
    private let sequence: Int
    public private(set) var hasAnswered = false

    init(connection: HTTPServerConnection, sequence: Int) {
        self.connection = connection
        self.sequence = sequence
    }

    /// Sends the response on the request's connection.
    public func respond(_ response: HTTPServerResponse) {
        guard !hasAnswered else { return }
        hasAnswered = true
        connection?.send(response, forRequest: sequence)
    }

    /// Closes the connection without answering, as a crashed or overloaded server would.
    public func dropConnection() {
        guard !hasAnswered else { return }
        hasAnswered = true
        connection?.drop()
    }

    /// Whether the client is still connected.
    public var isConnectionOpen: Bool { connection?.isOpen ?? false }
}
