import EventLoop
import Foundation
import JSON
import JSONRPC
import Logging

/// One accepted connection: feeds its bytes to an `RPCSession` and writes the session's replies back.
///
/// Replies produced while a read chunk is being handled are gathered and written once at the end of it.
/// Reading stops while the session takes no messages (calls in flight at the limit, input held back) or the
/// peer leaves more than the high-water mark of replies unread. While calls run and nothing is read, the
/// connection looks for a peer that closed completely, and closing then cancels those calls.
/// Loop-confined.
final class ServerConnection: RPCSessionHost {
    let stream: StreamConnection
    private unowned let loop: EventLoop
    private let logger: Logger
    private let outputHighWaterMark: Int
    private(set) var session: RPCSession!
    private var gatheredOutput: [UInt8] = []
    private var isHandlingInput = false
    private(set) var isReadingPaused = false
    private(set) var isStreamClosed = false
    private var hasEndOfInput = false
    /// Checks, while calls run and nothing is read, whether the peer has closed completely.
    private var hangUpWatch: LoopTimer?
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

    /// How often a connection that reads nothing while calls run checks whether the peer closed completely.
    static let hangUpCheckMilliseconds: UInt64 = 200

    /// Starts reading; the connection keeps itself alive through the stream's callbacks until it closes.
    func start() {
        stream.onRead = { [unowned self] bytes in receive(bytes) }
        stream.onEndOfInput = { [unowned self] in receiveEndOfInput() }
        stream.onWriteQueueDrained = { [unowned self] in handleHeldInput() }
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
        updateReading()
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
        updateReading()
    }

    func startTask(_ work: @escaping () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: loop) { await work() }
    }

    func startTimer(afterMilliseconds milliseconds: UInt64, _ fire: @escaping () -> Void) -> any RPCSessionTimer {
        LoopSessionTimer(loop: loop, afterMilliseconds: milliseconds, fire: fire)
    }

    var isOutputBackedUp: Bool {
        stream.queuedWriteBytes + gatheredOutput.count > outputHighWaterMark
    }

    func sessionCanResumeInput() {
        // While input is being handled, the session goes on by itself.
        guard !isHandlingInput else { return }
        handleHeldInput()
    }

    var monotonicNanoseconds: UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    // MARK: - Stream events

    private func receive(_ bytes: UnsafeRawBufferPointer) {
        handleInput { session.receive(bytes) }
        handleHeldInput()
    }

    private func receiveEndOfInput() {
        hasEndOfInput = true
        handleInput { session.receiveEndOfInput() }
        handleHeldInput()
        // The peer sends nothing more: answer what is running, then close; unless the peer closed completely,
        // which cancels what is running.
        watchForHangUp()
        session.whenIdle { [weak self] in self?.stream.close(afterFlushing: true) }
    }

    /// Runs `work` with the replies it produces gathered, then writes them.
    private func handleInput(_ work: () -> Void) {
        isHandlingInput = true
        work()
        isHandlingInput = false
        writeGatheredOutput()
    }

    /// Handles the input the session held back for as long as it takes messages and the peer reads its
    /// replies; then reads on or stays paused.
    private func handleHeldInput() {
        while !isStreamClosed, session.heldInputBytes > 0, !session.isAtCallLimit, !isOutputBackedUp {
            handleInput { session.resumeInput() }
        }
        updateReading()
    }

    private func writeGatheredOutput() {
        guard !gatheredOutput.isEmpty else { return }
        stream.write(gatheredOutput)
        gatheredOutput.removeAll(keepingCapacity: gatheredOutput.capacity <= outputHighWaterMark)
    }

    /// Reads while the session takes messages and the peer reads its replies; otherwise the kernel holds the
    /// peer's requests, so that neither its calls nor its unread replies can grow our memory.
    private func updateReading() {
        guard !isStreamClosed, !hasEndOfInput else { return }
        let isOutputQueued = stream.queuedWriteBytes > outputHighWaterMark
        let shouldRead = session.isTakingInput && !isOutputQueued
        if shouldRead, isReadingPaused {
            isReadingPaused = false
            stream.startReading()
            logger.debug("reading resumed", ["conn.id": id])
        } else if !shouldRead, !isReadingPaused {
            isReadingPaused = true
            stream.stopReading()
            logger.debug("reading paused", [
                "conn.id": id, "reason": isOutputQueued ? "peer is not reading replies" : "calls in flight at limit",
                "queued.bytes": stream.queuedWriteBytes, "in.flight": session.inFlightCount,
            ])
            watchForHangUp()
        }
    }

    /// While calls run and nothing is read (the peer ended its input, or reading is paused), checks now and
    /// then whether the peer closed completely; closing the stream then cancels the calls.
    private func watchForHangUp() {
        guard !isStreamClosed, hangUpWatch == nil, session.inFlightCount > 0, !closeIfPeerHungUp() else { return }
        let timer = LoopTimer(loop: loop)
        let interval = Self.hangUpCheckMilliseconds
        timer.start(afterMilliseconds: interval, repeatingMilliseconds: interval) { [unowned self] in
            guard !closeIfPeerHungUp() else { return }
            if session.inFlightCount == 0 || (!hasEndOfInput && !isReadingPaused) { stopWatchingForHangUp() }
        }
        hangUpWatch = timer
    }

    private func stopWatchingForHangUp() {
        hangUpWatch?.close()
        hangUpWatch = nil
    }

    private func closeIfPeerHungUp() -> Bool {
        guard stream.peerHasHungUp else { return false }
        logger.info("peer closed the connection, cancelling its calls", [
            "conn.id": id, "in.flight": session.inFlightCount,
        ])
        stopWatchingForHangUp()
        stream.close(afterFlushing: false)
        return true
    }

    private func streamDidClose() {
        isStreamClosed = true
        stopWatchingForHangUp()
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
