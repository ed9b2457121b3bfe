import JSON
import JSONRPC
import Testing

/// The session's authentication gate, and the reuse of inline calls' contexts.
@Suite("Authentication gate and call contexts")
struct AuthenticationAndContextTests {
    /// What the handlers saw: contexts kept by `keep`, identities of contexts seen by `look`.
    final class Sightings {
        var keptContexts: [CallContext] = []
        var seenContexts: [ObjectIdentifier] = []
    }

    /// A session with its own small router: `login` authenticates the peer, `data.get` needs it, `keep`
    /// holds on to its context and `look` only looks at it.
    final class Fixture {
        let host: RecordingHost
        let session: RPCSession
        let sightings = Sightings()

        init(executor: SerialTestExecutor) {
            host = RecordingHost(executor: executor)
            var router = Router()
            router.registerImmediate("login") { (_: JSONValue, context) -> JSONValue in
                context.peer.principal = "tester"
                return true
            }
            router.registerImmediate("data.get") { (_: JSONValue, _) -> JSONValue in "data" }
            router.registerImmediate("keep") { [sightings] (_: JSONValue, context) -> JSONValue in
                sightings.keptContexts.append(context)
                return .null
            }
            router.registerImmediate("look") { [sightings] (_: JSONValue, context) -> JSONValue in
                sightings.seenContexts.append(ObjectIdentifier(context))
                return context.id ?? .null
            }
            session = RPCSession(router: router, peer: RPCPeer(connectionID: 3, transport: .local), host: host)
        }

        /// Feeds one line and returns the replies sent right away.
        func send(_ text: String) throws -> [JSONValue] {
            Array((text + "\n").utf8).withUnsafeBytes { session.receive($0) }
            return try host.takeMessages()
        }

        static func run(_ body: (Fixture) async throws -> Void) async throws {
            let executor = SerialTestExecutor()
            try await withTaskExecutorPreference(executor) { try await body(Fixture(executor: executor)) }
        }
    }

    @Test("until the peer authenticates, methods outside the allowed set are UNAUTHENTICATED")
    func gate() async throws {
        try await Fixture.run { fixture in
            fixture.session.methodsAllowedBeforeAuthentication = ["login"]

            let refused = try fixture.send(#"{"jsonrpc":"2.0","method":"data.get","id":1}"#)
            #expect(refused.first?["error"]?["code"] == 16)
            #expect(refused.first?["error"]?["data"]?["status"] == "UNAUTHENTICATED")
            let silent = try fixture.send(#"{"jsonrpc":"2.0","method":"data.get"}"#)
            #expect(silent.isEmpty, "notifications stay silent")
            let unknown = try fixture.send(#"{"jsonrpc":"2.0","method":"no.such","id":2}"#)
            #expect(unknown.first?["error"]?["code"] == 16, "unknown methods are not revealed before authenticating")

            let login = try fixture.send(#"{"jsonrpc":"2.0","method":"login","id":3}"#)
            #expect(login.first?["result"] == true)
            let served = try fixture.send(#"{"jsonrpc":"2.0","method":"data.get","id":4}"#)
            #expect(served.first?["result"] == "data")
        }
    }

    @Test("without an allowed set, the connection is trusted")
    func trusted() async throws {
        try await Fixture.run { fixture in
            let served = try fixture.send(#"{"jsonrpc":"2.0","method":"data.get","id":1}"#)
            #expect(served.first?["result"] == "data")
        }
    }

    @Test("an inline handler that keeps its context still sees its own call after later calls")
    func keptContextsStay() async throws {
        try await Fixture.run { fixture in
            _ = try fixture.send(#"{"jsonrpc":"2.0","method":"keep","id":"first","params":{"_meta":{"timeoutMs":5}}}"#)
            _ = try fixture.send(#"{"jsonrpc":"2.0","method":"look","id":"second"}"#)
            _ = try fixture.send(#"{"jsonrpc":"2.0","method":"keep","id":"third"}"#)

            #expect(fixture.sightings.keptContexts.map(\.id) == ["first", "third"])
            #expect(fixture.sightings.keptContexts[0].meta.timeoutMs == 5)
            #expect(fixture.sightings.keptContexts[0] !== fixture.sightings.keptContexts[1])
            #expect(fixture.sightings.keptContexts[0].method == "keep")
        }
    }

    @Test("inline handlers that keep nothing are served with one reused context, each seeing its own id")
    func reusedContext() async throws {
        try await Fixture.run { fixture in
            let first = try fixture.send(#"{"jsonrpc":"2.0","method":"look","id":1}"#)
            let second = try fixture.send(#"{"jsonrpc":"2.0","method":"look","id":2}"#)

            #expect(first.first?["result"] == 1)
            #expect(second.first?["result"] == 2)
            #expect(fixture.sightings.seenContexts.count == 2)
            #expect(Set(fixture.sightings.seenContexts).count == 1)
        }
    }
}
