import EventLoop
import Logging

/// One client connection of an `HTTPServer`: parses requests, hands them to the handler one at a time and
/// writes the answers in order. Loop-confined.
///
/// Pipelined requests wait (unparsed) until the request before them is answered, so responses always leave
/// in request order and a client that sends without reading cannot make the server buffer without bound.
final class HTTPServerConnection {
    typealias Handler = (HTTPServerRequest, HTTPServerResponder) -> Void

    private let stream: StreamConnection
    private let idleTimer: LoopTimer
    /// Runs from the first byte of a request head until the head is complete.
    private let headTimer: LoopTimer
    private var headTimerRunning = false
    private let parser: HTTPRequestParser
    private let configuration: HTTPServerConfiguration
    private let handler: Handler
    private let logger: Logger
    private let onClosed: (HTTPServerConnection) -> Void

    private var pendingInput: [UInt8] = []
    private var requestInFlight: (sequence: Int, method: String, keepAlive: Bool)?
    private var nextSequence = 0
    private var isProcessing = false
    private var peerFinishedSending = false
    private var closing = false
    private(set) var isOpen = true

    var id: Int { stream.id }

    init(
        stream: StreamConnection, loop: EventLoop, configuration: HTTPServerConfiguration, logger: Logger,
        handler: @escaping Handler, onClosed: @escaping (HTTPServerConnection) -> Void
    ) {
        self.stream = stream
        idleTimer = LoopTimer(loop: loop)
        headTimer = LoopTimer(loop: loop)
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.onClosed = onClosed
        parser = HTTPRequestParser(maximumBodyBytes: configuration.maximumBodyBytes, connectionID: stream.id)
    }

    /// Starts reading. The stream's callbacks keep this object alive until the stream closes (the stream
    /// drops its callbacks then), so a connection outlives a server that stopped listening.
    func start() {
        stream.onRead = { bytes in self.received(bytes) }
        stream.onEndOfInput = { self.peerDidFinishSending() }
        stream.onClose = { self.didClose() }
        stream.startReading()
        restartIdleTimer()
    }

    /// Runs while no request is in flight; any input restarts it.
    private func restartIdleTimer() {
        idleTimer.start(afterMilliseconds: configuration.idleTimeoutMilliseconds) { [weak self] in
            self?.idleTimeoutPassed()
        }
    }

    private func idleTimeoutPassed() {
        guard isOpen, !closing, requestInFlight == nil else { return }
        if parser.isInsideMessage || !pendingInput.isEmpty {
            refuse(status: 408, reason: "the request did not arrive completely within "
                + "\(configuration.idleTimeoutMilliseconds) ms")
        } else {
            logger.debug("closing an idle connection", ["conn.id": id])
            closing = true
            stream.close()
        }
    }

    /// Starts the head deadline when a request head has begun, and stops it once the head is complete.
    private func watchHeadDeadline() {
        if parser.isReadingHead && !closing {
            guard !headTimerRunning else { return }
            headTimerRunning = true
            headTimer.start(afterMilliseconds: configuration.headTimeoutMilliseconds) { [weak self] in
                self?.headDeadlinePassed()
            }
        } else if headTimerRunning {
            headTimerRunning = false
            headTimer.stop()
        }
    }

    private func headDeadlinePassed() {
        headTimerRunning = false
        guard isOpen, !closing, requestInFlight == nil, parser.isReadingHead else { return }
        refuse(status: 408, reason: "the request head did not arrive completely within "
            + "\(configuration.headTimeoutMilliseconds) ms")
    }

    /// Closes the connection at once, answered or not.
    func drop() {
        guard isOpen else { return }
        closing = true
        stream.close(afterFlushing: false)
    }

    /// Closes after the request in flight (if any) has been answered.
    func closeWhenIdle() {
        guard isOpen else { return }
        if requestInFlight == nil {
            closing = true
            stream.close()
        } else {
            peerFinishedSending = true
        }
    }

    // MARK: Input

    private func received(_ bytes: UnsafeRawBufferPointer) {
        // The buffer belongs to the loop and is reused for the next read, so it is copied.
        pendingInput.append(contentsOf: bytes)
        if requestInFlight == nil { restartIdleTimer() }
        if requestInFlight != nil && pendingInput.count > configuration.maximumPendingInputBytes {
            stream.stopReading()
        }
        processPendingInput()
    }

    private func peerDidFinishSending() {
        peerFinishedSending = true
        if requestInFlight == nil {
            if parser.isInsideMessage || !pendingInput.isEmpty {
                logger.debug("connection ended inside a request", ["conn.id": id])
            }
            closing = true
            stream.close()
        }
    }

    /// Parses and dispatches requests until one is waiting for its answer or the input runs out.
    private func processPendingInput() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }

        while requestInFlight == nil && !closing && !pendingInput.isEmpty {
            let outcome = pendingInput.withUnsafeBytes { parser.parse($0) }
            watchHeadDeadline()
            switch outcome {
            case .needsMoreInput:
                pendingInput.removeAll(keepingCapacity: true)
                answerContinueIfExpected()
            case .request(let request, let keepAlive, let consumed):
                pendingInput.removeFirst(consumed)
                dispatch(request, keepAlive: keepAlive)
            case .failed(let status, let reason):
                refuse(status: status, reason: reason)
            }
        }
    }

    /// A client that sent `Expect: 100-continue` waits for this before sending the body.
    private func answerContinueIfExpected() {
        guard parser.expectsContinue else { return }
        parser.continueWasAnswered()
        stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    private func dispatch(_ request: HTTPServerRequest, keepAlive: Bool) {
        idleTimer.stop()
        nextSequence += 1
        requestInFlight = (sequence: nextSequence, method: request.method, keepAlive: keepAlive)
        handler(request, HTTPServerResponder(connection: self, sequence: nextSequence))
    }

    private func refuse(status: Int, reason: String) {
        logger.notice("refused a request", ["conn.id": id, "http.status": status, "reason": reason])
        let response = HTTPServerResponse(
            status: status, contentType: "text/plain; charset=utf-8", text: reason + "\n"
        )
        stream.write(response.serialized(closing: true, includeBody: true))
        pendingInput = []
        closing = true
        stream.close()
    }

    // MARK: Output

    func send(_ response: HTTPServerResponse, forRequest sequence: Int) {
        guard isOpen, !closing, let inFlight = requestInFlight, inFlight.sequence == sequence else { return }
        requestInFlight = nil
        let closeAfter = !inFlight.keepAlive || peerFinishedSending
        stream.write(response.serialized(closing: closeAfter, includeBody: inFlight.method != "HEAD"))
        if closeAfter {
            closing = true
            stream.close()
            return
        }
        parser.resume()
        stream.startReading()
        restartIdleTimer()
        processPendingInput()
    }

    private func didClose() {
        idleTimer.close()
        headTimer.close()
        isOpen = false
        requestInFlight = nil
        pendingInput = []
        onClosed(self)
    }
}
