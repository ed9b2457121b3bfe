import Foundation
import JSON
import Testing
import TestSupport

/// Many connections, floods and shutdown under load, against the real server. Serialized: the memory
/// measurement must not see another test's traffic, and two cores are all a CI machine has.
@Suite("load against the real server", .serialized)
struct LoadTests {
    private func healthCheckLine(id: Int) -> String {
        #"{"jsonrpc":"2.0","method":"health.check","params":{},"id":\#(id)}"# + "\n"
    }

    @Test("200 connections open at once are all served")
    func twoHundredConnections() throws {
        let server = try TrackerBridgeServer.start()
        let connectionCount = 200

        let clients = try (0..<connectionCount).map { _ in try server.connect() }
        let ids = try clients.map { try $0.send("health.check") }

        for (client, id) in zip(clients, ids) {
            #expect(try client.reply(to: id).requireResult()["status"] == "SERVING")
        }
        clients.forEach { $0.close() }
        #expect(server.stop() == .exited(0))
    }

    @Test("a client that sends 100,000 requests without reading does not grow the server without bound")
    func clientThatDoesNotRead() throws {
        let server = try TrackerBridgeServer.start(arguments: ["--log-level", "info"])
        let flooder = try server.connect()
        let bystander = try server.connect()
        let requestCount = 100_000
        _ = try bystander.call("health.check")
        let memoryBefore = try server.residentMemoryBytes()

        // The flood goes out on its own thread: once the server stops reading, the write blocks.
        let flood = Array((1...requestCount).map(healthCheckLine(id:)).joined().utf8)
        let progress = FloodProgress()
        let writer = Thread {
            defer { progress.finish() }
            do { try flooder.socket.write(flood) } catch { progress.fail(error) }
        }
        writer.start()

        // While the flood is stuck, other clients keep being served.
        for _ in 0..<50 {
            #expect(try bystander.call("health.check").requireResult()["status"] == "SERVING")
        }
        let memoryDuringFlood = try server.residentMemoryBytes()
        #expect(!progress.isFinished, "the server read all \(flood.count) bytes without the client reading a reply")
        #expect(
            memoryDuringFlood - memoryBefore < LoadTests.floodMemoryAllowance,
            "resident memory grew from \(memoryBefore) to \(memoryDuringFlood) bytes"
        )

        // Reading the replies lets the flood finish, and every request gets its answer.
        var answered = 0
        for id in 1...requestCount {
            let reply = try flooder.reply(to: .number(JSONNumber(id)))
            if reply.result?["status"] == "SERVING" { answered += 1 }
        }
        progress.waitUntilFinished()
        #expect(progress.error == nil)
        #expect(answered == requestCount)
    }

    /// How much the server may grow while one client floods it: the high-water mark of its output plus
    /// what it reads ahead, with room for allocator noise. Without backpressure the 100,000 queued replies
    /// alone take well over this.
    static let floodMemoryAllowance = 16 * 1024 * 1024

    @Test("SIGTERM while calls are in flight: every request read is answered, then the server exits 0")
    func shutdownWithCallsInFlight() throws {
        let server = try TrackerBridgeServer.start()
        let client = try server.connect()
        let requestCount = 2_000

        try client.writeRaw(Array((1...requestCount).map(healthCheckLine(id:)).joined().utf8))
        _ = try client.reply(to: 1)
        server.process.send(signal: SIGTERM)

        var replies = 1
        for message in try client.messagesUntilClosed() {
            let reply = try RPCReply(message)
            if let error = reply.error {
                #expect(error.status == "UNAVAILABLE", "unexpected error during shutdown: \(error)")
            } else {
                #expect(reply.result?["status"] != nil)
            }
            replies += 1
        }
        let exit = try server.process.waitForExit(timeout: 60)

        #expect(exit == .exited(0), "log:\n\(server.log)")
        #expect(replies == requestCount, "requests without any reply: \(requestCount - replies)")
        #expect(throws: (any Error).self) { try server.connect() }
    }
}

/// Tells the test thread how the flooding writer thread is doing.
///
/// `@unchecked Sendable`: every field is read and written under `condition`.
private final class FloodProgress: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = false
    private var failure: (any Error)?

    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    var error: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    func fail(_ error: any Error) {
        condition.lock()
        failure = error
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
