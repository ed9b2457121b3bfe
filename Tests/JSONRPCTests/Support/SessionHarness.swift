import JSON
import JSONRPC

/// A session wired to a `RecordingHost`, driven from the tests' serial executor.
final class SessionHarness {
    let host: RecordingHost
    let gates = Gates()
    let session: RPCSession
    private(set) var outcomes: [CallOutcome] = []

    init(executor: SerialTestExecutor, limits: RPCLimits = RPCLimits()) {
        host = RecordingHost(executor: executor)
        session = RPCSession(
            router: TestMethods.router(gates: gates), peer: RPCPeer(connectionID: 7, transport: .local),
            limits: limits, host: host
        )
        session.onCallCompleted = { [unowned self] outcome in outcomes.append(outcome) }
        host.onCanResumeInput = { [unowned session] in session.resumeInput() }
    }

    /// Feeds `text` and a newline, as one chunk.
    func send(_ text: String) {
        receive(Array((text + "\n").utf8))
    }

    func receive(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { session.receive($0) }
    }

    /// Sends one line and returns the single line answered right away (immediate handlers only).
    func exchange(_ text: String) throws -> JSONValue {
        send(text)
        let replies = try host.takeMessages()
        guard replies.count == 1 else { throw HarnessFailure(reason: "expected one reply, got \(replies.count)") }
        return replies[0]
    }

    /// Runs `body` with a fresh harness on a fresh serial executor, where the session lives.
    static func run(limits: RPCLimits = RPCLimits(), _ body: (SessionHarness) async throws -> Void) async throws {
        let executor = SerialTestExecutor()
        try await withTaskExecutorPreference(executor) {
            try await body(SessionHarness(executor: executor, limits: limits))
        }
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
