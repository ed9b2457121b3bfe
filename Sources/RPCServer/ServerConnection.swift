import EventLoop
import Foundation
import JSON
import JSONRPC
import Logging

/// One accepted connection: feeds its bytes to an `RPCSession` and writes the session's replies back.
///
/// Replies produced while a read chunk is being handled are gathered and written once at the end of it.
/// Loop-confined.
final class ServerConnection: RPCSessionHost {
    let stream: StreamConnection
    private unowned let loop: EventLoop
    private let logger: Logger
    private let outputHighWaterMark: Int
    private(set) var session: RPCSession!
    private var gatheredOutput: [UInt8] = []
    private var isHandlingInput = false
    private(set) var isPausedByBackpressure = false
    private(set) var isStreamClosed = false
    private var failedAuthentications = 0

    /// Called once the stream is closed and no handler of this connection is running any more.
    var onFinished: (() -> Void)?

    init(
        stream: StreamConnection, transport: RPCPeer.Transport, router: Router, options: RPCServerOptions,
        loop: EventLoop, logger: Logger
    ) {
        self.stream = stream
        self.loop = loop
        self.logger = logger
        outputHighWaterMark = options.outputHighWaterMark
        session = RPCSession(
            router: router, peer: RPCPeer(connectionID: stream.id, transport: transport), limits: options.limits,
            host: self
        )
        session.onHandlerFailure = { [unowned self] method, id, error in recordFailure(method: method, id: id, error) }
        // Timing every call costs two clock reads; only pay for it when the request log is on.
        if logger.isEnabled(.debug) {
            session.onCallCompleted = { [unowned self] outcome in record(outcome) }
        }
    }

    var id: Int { stream.id }

    /// Starts reading; the connection keeps itself alive through the stream's callbacks until it closes.
    func start() {
        stream.onRead = { [unowned self] bytes in receive(bytes) }
        stream.onEndOfInput = { [unowned self] in receiveEndOfInput() }
        stream.onWriteQueueDrained = { [unowned self] in resumeAfterBackpressure() }
        stream.onClose = { [self] in streamDidClose() }
        stream.startReading()
    }

    /// Counts one wrong `rpc.authenticate` token and returns how many this connection has sent.
    func recordFailedAuthentication() -> Int {
        failedAuthentications += 1
        return failedAuthentications
    }

    // MARK: - RPCSessionHost

    func send(_ bytes: [UInt8]) {
        if isHandlingInput {
            gatheredOutput.append(contentsOf: bytes)
            return
        }
        stream.write(bytes)
        applyBackpressure()
    }

    func sendLine(_ write: (inout [UInt8]) -> Void) {
        if isHandlingInput {
            write(&gatheredOutput)
            gatheredOutput.append(UInt8(ascii: "\n"))
            return
        }
        var line: [UInt8] = []
        write(&line)
        line.append(UInt8(ascii: "\n"))
        stream.write(line)
        applyBackpressure()
    }

    func startTask(_ work: @escaping () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: loop) { await work() }
    }

    func startTimer(afterMilliseconds milliseconds: UInt64, _ fire: @escaping () -> Void) -> any RPCSessionTimer {
        LoopSessionTimer(loop: loop, afterMilliseconds: milliseconds, fire: fire)
    }

    var monotonicNanoseconds: UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    // MARK: - Stream events

    private func receive(_ bytes: UnsafeRawBufferPointer) {
        isHandlingInput = true
        session.receive(bytes)
        isHandlingInput = false
        writeGatheredOutput()
    }

    private func receiveEndOfInput() {
        isHandlingInput = true
        session.receiveEndOfInput()
        isHandlingInput = false
        writeGatheredOutput()
        // The peer sends nothing more: answer what is running, then close.
        session.whenIdle { [weak self] in self?.stream.close(afterFlushing: true) }
    }

    private func writeGatheredOutput() {
        guard !gatheredOutput.isEmpty else { return }
        stream.write(gatheredOutput)
        gatheredOutput.removeAll(keepingCapacity: gatheredOutput.capacity <= outputHighWaterMark)
        applyBackpressure()
    }

    /// Stops reading while the peer leaves too many replies unread, so its requests cannot grow our memory.
    private func applyBackpressure() {
        guard !isPausedByBackpressure, stream.queuedWriteBytes > outputHighWaterMark else { return }
        isPausedByBackpressure = true
        stream.stopReading()
        logger.debug("reading paused, peer is not reading replies", [
            "conn.id": id, "queued.bytes": stream.queuedWriteBytes,
        ])
    }

    private func resumeAfterBackpressure() {
        guard isPausedByBackpressure, !isStreamClosed else { return }
        isPausedByBackpressure = false
        stream.startReading()
        logger.debug("reading resumed", ["conn.id": id])
    }

    private func streamDidClose() {
        isStreamClosed = true
        session.close()
        logger.info("connection closed", ["conn.id": id, "messages": session.completedMessageCount])
        session.whenIdle { [self] in
            onFinished?()
            onFinished = nil
        }
    }

    // MARK: - Request log

    private func recordFailure(method: String, id requestID: JSONValue?, _ error: any Error) {
        logger.error("handler failed, caller told INTERNAL", [
            "rpc.method": method, "rpc.id": Self.logText(requestID), "conn.id": id,
            "error.type": String(describing: type(of: error)),
        ])
    }

    private func record(_ outcome: CallOutcome) {
        logger.debug("request done", [
            "rpc.method": outcome.method ?? "-", "rpc.id": Self.logText(outcome.id), "conn.id": id,
            "duration.ms": Self.milliseconds(outcome.durationNanoseconds), "status": outcome.status.name,
            "code": outcome.error.map { String($0.code) } ?? "0",
        ])
    }

    private static func logText(_ id: JSONValue?) -> String {
        guard let id else { return "-" }
        return id.stringValue ?? id.description
    }

    private static func milliseconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.3f", Double(nanoseconds) / 1_000_000)
    }
}
