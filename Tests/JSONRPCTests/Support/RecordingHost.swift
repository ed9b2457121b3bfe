import JSON
import JSONRPC

/// A session host that records every line sent, with a manual clock and manual timers.
///
/// `@unchecked Sendable`: the session, its handler tasks and the test body all run on one
/// `SerialTestExecutor`, so the mutable state is only ever touched from that executor's queue.
final class RecordingHost: RPCSessionHost, @unchecked Sendable {
    /// A timer that fires only when the test says so.
    final class ManualTimer: RPCSessionTimer {
        let milliseconds: UInt64
        var fire: (() -> Void)?

        init(milliseconds: UInt64, fire: @escaping () -> Void) {
            self.milliseconds = milliseconds
            self.fire = fire
        }

        func cancel() { fire = nil }
    }

    let executor: SerialTestExecutor
    /// Every line sent, raw, without its newline.
    private(set) var lines: [String] = []
    private(set) var sendCount = 0
    private(set) var timers: [ManualTimer] = []
    var monotonicNanoseconds: UInt64 = 1_000_000_000
    /// What `isOutputBackedUp` answers; tests set it to stand for a peer that does not read its replies.
    var isOutputBackedUp = false
    /// How often the session said it can take messages again.
    private(set) var resumeSignalCount = 0
    /// Called with each such signal; the harness resumes the session's input.
    var onCanResumeInput: (() -> Void)?
    private var consumed = 0
    private var waiter: (count: Int, continuation: CheckedContinuation<Void, Never>)?

    init(executor: SerialTestExecutor) {
        self.executor = executor
    }

    func send(_ bytes: [UInt8]) {
        sendCount += 1
        precondition(bytes.last == UInt8(ascii: "\n"), "every send ends with a newline")
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            lines.append(String(decoding: line, as: UTF8.self))
        }
        if let waiter, lines.count - consumed >= waiter.count {
            self.waiter = nil
            waiter.continuation.resume()
        }
    }

    func startTask(_ work: @escaping () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: executor) { await work() }
    }

    func sessionCanResumeInput() {
        resumeSignalCount += 1
        onCanResumeInput?()
    }

    func startTimer(afterMilliseconds milliseconds: UInt64, _ fire: @escaping () -> Void) -> any RPCSessionTimer {
        let timer = ManualTimer(milliseconds: milliseconds, fire: fire)
        timers.append(timer)
        return timer
    }

    /// Fires every timer still armed, as if their time had come.
    func fireTimers() {
        for timer in timers {
            let fire = timer.fire
            timer.fire = nil
            fire?()
        }
    }

    /// The lines sent since the last call, without waiting.
    func takeLines() -> [String] {
        let new = Array(lines[consumed...])
        consumed = lines.count
        return new
    }

    /// Waits until `count` more lines were sent, then returns them.
    func nextLines(_ count: Int) async -> [String] {
        if lines.count - consumed < count {
            await withCheckedContinuation { continuation in waiter = (count, continuation) }
        }
        let new = Array(lines[consumed..<(consumed + count)])
        consumed += count
        return new
    }

    /// The lines sent since the last call, parsed.
    func takeMessages() throws -> [JSONValue] {
        try takeLines().map { try JSONParser.parse($0) }
    }
}
