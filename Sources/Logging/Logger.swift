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
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
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
        // Formatted by hand: `String(format:)` would load Foundation's internationalisation data into
        // every process that logs, a few megabytes of resident memory for a fixed-width number.
        var text = ""
        text.reserveCapacity(24)
        append(Int(parts.tm_year) + 1900, width: 4, to: &text)
        text += "-"
        append(Int(parts.tm_mon) + 1, width: 2, to: &text)
        text += "-"
        append(Int(parts.tm_mday), width: 2, to: &text)
        text += "T"
        append(Int(parts.tm_hour), width: 2, to: &text)
        text += ":"
        append(Int(parts.tm_min), width: 2, to: &text)
        text += ":"
        append(Int(parts.tm_sec), width: 2, to: &text)
        text += "."
        append(Int(now.tv_nsec / 1_000_000), width: 3, to: &text)
        return text + "Z"
    }

    private static func append(_ number: Int, width: Int, to text: inout String) {
        let digits = String(number)
        text += String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
