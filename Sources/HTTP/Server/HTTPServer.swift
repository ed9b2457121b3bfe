import EventLoop
import Logging

/// A small HTTP/1.1 server on the event loop. Loop-confined.
///
/// It supports keep-alive, pipelining (answers in request order), `Content-Length` and chunked request
/// bodies up to a limit, and `Expect: 100-continue`. Each request goes to one handler, which may answer
/// at once or later through its `HTTPServerResponder`, or drop the connection without answering.
///
/// ```swift
/// let server = try HTTPServer(loop: loop, address: .tcp(host: "127.0.0.1", port: 0)) { request, responder in
///     responder.respond(HTTPServerResponse(status: 200, contentType: "text/plain", text: "ok"))
/// }
/// ```
public final class HTTPServer {
    public typealias Handler = (HTTPServerRequest, HTTPServerResponder) -> Void

    private let loop: EventLoop
    private let configuration: HTTPServerConfiguration
    private let logger: Logger
    private let handler: Handler
    private var listener: StreamListener?
    private var connections: [Int: HTTPServerConnection] = [:]
    /// Whether the last connection that arrived was turned away; the notice is logged once per episode.
    private var refusingConnections = false

    /// Connections closed at once because `maximumConnections` were already open.
    public private(set) var refusedConnectionCount = 0

    /// Starts listening at once.
    /// - Throws: `UVError` when the address cannot be bound.
    public init(
        loop: EventLoop, address: ListenAddress, configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        logger: Logger = Logger(label: "http"), handler: @escaping Handler
    ) throws {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
        listener = try StreamListener(loop: loop, address: address) { [weak self] stream in
            guard let self else {
                stream.close(afterFlushing: false)
                return
            }
            self.accept(stream)
        }
    }

    /// The TCP port bound (useful after asking for port 0).
    public var boundPort: Int? { listener?.boundPort }

    /// How many client connections are open now.
    public var openConnectionCount: Int { connections.count }

    /// Stops accepting; open connections finish the request in flight and then close.
    public func close() {
        listener?.close()
        listener = nil
        for connection in connections.values { connection.closeWhenIdle() }
    }

    private func accept(_ stream: StreamConnection) {
        guard connections.count < configuration.maximumConnections else {
            refuse(stream)
            return
        }
        if refusingConnections {
            refusingConnections = false
            logger.notice("accepting connections again", ["http.connections": connections.count])
        }

        let connection = HTTPServerConnection(
            stream: stream, loop: loop, configuration: configuration, logger: logger, handler: handler,
            onClosed: { [weak self] connection in self?.connections[connection.id] = nil }
        )
        connections[connection.id] = connection
        connection.start()
    }

    /// Closes a connection beyond the limit without reading from it.
    private func refuse(_ stream: StreamConnection) {
        refusedConnectionCount += 1
        stream.close(afterFlushing: false)
        guard !refusingConnections else { return }
        refusingConnections = true
        logger.notice("connection limit reached: closing new connections until some close", [
            "http.connections.max": configuration.maximumConnections,
        ])
    }
}
