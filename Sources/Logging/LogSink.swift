import Foundation

/// Where finished log lines go. The process has one sink, shared by every `Logger`.
///
/// `@unchecked Sendable`: the level is read without a lock (a torn read is impossible for an `Int`-sized
/// enum and a stale one only delays a level change), and every write to the file descriptor holds `lock`.
public final class LogSink: @unchecked Sendable {
    /// The sink every logger writes to unless it was given another one.
    public static let standardError = LogSink(fileDescriptor: 2)

    public var minimumLevel: LogLevel
    private let fileDescriptor: Int32
    private let lock = NSLock()

    public init(fileDescriptor: Int32, minimumLevel: LogLevel = .info) {
        self.fileDescriptor = fileDescriptor
        self.minimumLevel = minimumLevel
    }

    func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
