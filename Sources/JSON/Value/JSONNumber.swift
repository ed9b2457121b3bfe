/// A JSON number kept as its exact text, so that integers beyond 2^53 and long decimals survive a round trip.
///
/// The text is always valid JSON number syntax: values come from the parser or from the initializers
/// below, which only produce valid text.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, e.g. `12345678901234567890123` or `-1.5e3`.
    public let text: String

    /// Wraps text the parser has already checked against the JSON number grammar.
    init(validatedText text: String) {
        self.text = text
    }

    /// Checks `text` against the JSON number grammar; `nil` when it is not a JSON number.
    public init?(text: String) {
        let utf8 = Array(text.utf8)
        let length = utf8.withUnsafeBytes { JSONParser.numberLength(in: $0, at: 0) }
        guard let length, length == utf8.count else { return nil }
        self.text = text
    }

    public init<Integer: BinaryInteger>(_ value: Integer) {
        text = String(value)
    }

    /// `nil` for infinities and NaN, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            text = String(Int64(value))
        } else {
            text = "\(value)"
        }
    }

    public var description: String { text }

    /// Whether the text has no fraction and no exponent.
    public var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The value as an `Int64`, when it is an integer in range.
    public var int64Value: Int64? { isInteger ? Int64(text) : nil }

    /// The value as a `UInt64`, when it is a non-negative integer in range.
    public var uint64Value: UInt64? { isInteger ? UInt64(text) : nil }

    /// The value as an `Int`, when it is an integer in range.
    public var intValue: Int? { isInteger ? Int(text) : nil }

    /// The nearest `Double` (always succeeds for valid JSON number text, possibly rounding).
    public var doubleValue: Double { Double(text) ?? .nan }
}
