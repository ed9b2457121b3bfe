import Foundation
import JSON
import Testing
import TestSupport

/// What a connection's end and a peer that does not read its replies do to the calls of that connection,
/// through the real server on a Unix socket.
@Suite("Connection close and output flow")
struct ConnectionFlowTests {
    @Test("a client that closes its connection cancels its call to a slow tracker: the log says CANCELLED")
    func closeCancels() throws {
        let tracker = try SimulatorProcess.start(arguments: ["--latency-ms", "20000"])
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        _ = try client.send("testConnection", [
            "host": .string(tracker.collectionURL), "personalAccessToken": .string(tracker.pat),
        ])
        client.close()
        try server.process.waitForStandardError(containing: "rpc.method=testConnection", timeout: 120)

        let done = server.logLines(containing: "request done", "rpc.method=testConnection")
        #expect(done.count == 1)
        #expect(done.allSatisfy { $0.contains("status=CANCELLED") }, "log:\n\(server.log)")
        #expect(!server.logLines(containing: "peer closed the connection, cancelling its calls").isEmpty)
        #expect(try server.connect().call("health.check").requireResult()["status"] == "SERVING")
    }

    @Test("a client that only shuts down its sending side still gets the answer of its slow call")
    func halfCloseAnswers() throws {
        let tracker = try SimulatorProcess.start(arguments: ["--latency-ms", "600"])
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()

        let id = try client.send("testConnection", [
            "host": .string(tracker.collectionURL), "personalAccessToken": .string(tracker.pat),
        ])
        client.finishWriting()
        let result = try client.reply(to: id).requireResult()

        #expect(result["authenticated"] == true)
        #expect(try client.messagesUntilClosed().isEmpty)
        #expect(server.logLines(containing: "peer closed the connection").isEmpty)
    }

    @Test("a client that pipelines large replies without reading stops being read once they pass the mark")
    func outputMarkWithinOneRead() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let count = 300
        let line = #"{"jsonrpc":"2.0","method":"rpc.discover","id":0}"#

        try client.writeRaw(Array(String(repeating: line + "\n", count: count).utf8))
        try server.process.waitForStandardError(containing: "reading paused", timeout: 120)
        let handledAtPause = server.logLines(containing: "request done", "rpc.method=rpc.discover").count
        var replies = 0
        while replies < count {
            _ = try client.nextMessage()
            replies += 1
        }

        #expect(handledAtPause < count / 2, "one read of \(count) requests was handled past the mark")
        #expect(server.logLines(containing: "request done", "rpc.method=rpc.discover").count == count)
        #expect(!server.logLines(containing: "reading resumed").isEmpty)
    }
}
