import Foundation

/// Writes one structured line per event: time, level, label, a short message, then `key=value` pairs.
///
/// ```
/// 2026-12-04T15:30:01.123Z info rpc: request done rpc.method=health.check conn.id=3 duration.ms=0.2
/// ```
///
/// Messages are fixed text; the facts go into metadata so that lines stay greppable. Callers never put a
/// secret (personal access token, webhook token) into either.
public struct Logger: Sendable {
    public typealias Metadata = KeyValuePairs<String, CustomStringConvertible>

    public let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= sink.minimumLevel }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        guard isEnabled(level) else { return }
        var line = "\(Logger.timestamp()) \(level.name) \(label): \(message())"
        for (key, value) in metadata {
            line += " \(key)=\(Logger.quoted(String(describing: value)))"
        }
        sink.write(line)
    }

    public func trace(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.trace, message(), metadata)
    }

    public func debug(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.debug, message(), metadata)
    }

    public func info(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.info, message(), metadata)
    }

    public func notice(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.notice, message(), metadata)
    }

    public func warning(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.warning, message(), metadata)
    }

    public func error(_ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        log(.error, message(), metadata)
    }

    /// Values with spaces, quotes, `=` or control characters are quoted so one line stays one event.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar.value < 0x20 || scalar.value == 0x7F
        }
        guard needsQuotes else { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += String(format: "\\u%04X", scalar.value)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped + "\""
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000)
        )
    }
}
