import EventLoop
import Foundation
import Testing

/// Runs a loop on a background thread for the duration of one test.
final class RunningLoop: @unchecked Sendable {
    let loop: EventLoop
    private let thread: Thread
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        let loop = try EventLoop()
        self.loop = loop
        let finished = self.finished
        // A keep-alive timer holds `run()` open until the test stops the loop.
        let started = DispatchSemaphore(value: 0)
        thread = Thread {
            let keepAlive = LoopTimer(loop: loop)
            keepAlive.start(afterMilliseconds: 60_000, repeatingMilliseconds: 60_000) {}
            loop.executeOnLoop { started.signal() }
            loop.run()
            keepAlive.close()
            loop.run()
            finished.signal()
        }
        thread.start()
        started.wait()
    }

    /// Runs `body` on the loop thread and waits for its result.
    func sync<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<T, Error>!
        loop.executeOnLoop {
            result = Result { try body() }
            done.signal()
        }
        done.wait()
        return try result.get()
    }

    func stop() {
        loop.stop()
        finished.wait()
    }
}

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "eventloop-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A blocking Unix-socket client for tests.
func connectUnix(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
        let bytes = Array(path.utf8)
        buffer.copyBytes(from: bytes)
        buffer[bytes.count] = 0
    }
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    return status == 0 ? fd : -1
}

func readAll(_ fd: Int32, count: Int) -> [UInt8] {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while result.count < count {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        result += buffer[0..<n]
    }
    return result
}

@Suite("Event loop")
struct EventLoopTests {
    @Test("work queued from other threads runs on the loop thread")
    func executeFromOtherThreads() async throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        running.loop.execute {
                            counter.increment(onLoop: running.loop.isInLoopThread)
                            continuation.resume()
                        }
                    }
                }
            }
        }
        #expect(counter.value == 8)
        #expect(counter.offLoop == 0)
    }

    @Test("async code with the loop as executor preference resumes on the loop thread")
    func taskExecutorPreference() async throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let loop = running.loop
        let onLoop = await Task(executorPreference: loop) { () async -> [Bool] in
            var seen = [loop.isInLoopThread]
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume() }
            }
            seen.append(loop.isInLoopThread)
            return seen
        }.value
        #expect(onLoop == [true, true])
    }

    @Test("a one-shot timer fires once, later than a shorter one")
    func timers() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let fired = DispatchSemaphore(value: 0)
        let order = Counter()
        try running.sync {
            LoopTimer.once(on: running.loop, afterMilliseconds: 30) {
                order.record("late")
                fired.signal()
            }
            LoopTimer.once(on: running.loop, afterMilliseconds: 1) { order.record("early") }
        }
        fired.wait()
        #expect(order.events == ["early", "late"])
    }

    @Test("a Unix listener creates its socket 0600, echoes bytes, and removes the file on close")
    func unixListenerEcho() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let path = try temporaryDirectory() + "/echo.sock"
        let listener = try running.sync {
            try StreamListener(loop: running.loop, address: .unix(path: path, mode: 0o600)) { connection in
                connection.onRead = { bytes in connection.write(Array(bytes)) }
                connection.onEndOfInput = { connection.close() }
                connection.startReading()
            }
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let fd = connectUnix(path)
        #expect(fd >= 0)
        let message = Array(repeating: UInt8(ascii: "x"), count: 200_000)
        let writer = Thread { message.withUnsafeBytes { _ = write(fd, $0.baseAddress!, $0.count) } }
        writer.start()
        #expect(readAll(fd, count: message.count) == message)
        close(fd)

        try running.sync { listener.close() }
        try running.sync {}
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a stale socket file is replaced and a live one is refused")
    func staleAndLiveSockets() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let path = try temporaryDirectory() + "/stale.sock"

        // A socket file whose owner is gone: bound, never listened on, descriptor closed.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: Array(path.utf8))
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(stale)
        #expect(FileManager.default.fileExists(atPath: path))

        let first = try running.sync {
            try StreamListener(loop: running.loop, address: .unix(path: path, mode: 0o600)) { _ in }
        }
        #expect(throws: UVError.self) {
            try running.sync {
                try StreamListener(loop: running.loop, address: .unix(path: path, mode: 0o600)) { _ in }
            }
        }
        try running.sync { first.close() }
    }

    @Test("a TCP listener on port 0 reports the port it bound")
    func tcpListener() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let listener = try running.sync {
            try StreamListener(loop: running.loop, address: .tcp(host: "127.0.0.1", port: 0)) { _ in }
        }
        let port = try running.sync { listener.boundPort }
        #expect((port ?? 0) > 0)
        try running.sync { listener.close() }
    }
}

/// A thread-safe record of what the loop did.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value = 0
    private(set) var offLoop = 0
    private(set) var events: [String] = []

    func increment(onLoop: Bool) {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        if !onLoop { offLoop += 1 }
    }

    func record(_ event: String) {
        lock.lock()
        defer { lock.unlock() }
        events.append(event)
    }
}
