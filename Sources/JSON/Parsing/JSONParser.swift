/// A byte-level JSON parser (RFC 8259) that never recurses, so hostile nesting cannot exhaust the stack.
///
/// Open arrays and objects live on an explicit stack bounded by `maxDepth`. Strings are checked for
/// well-formed UTF-8, objects for duplicate keys, and numbers keep their source text.
public enum JSONParser {
    /// How deep arrays and objects may nest unless the caller says otherwise.
    public static let defaultMaxDepth = 256

    /// Parses exactly one JSON text, surrounded by optional whitespace.
    ///
    /// - Throws: `JSONParseError` saying what is wrong and at which byte.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(kind: .syntax, offset: 0, reason: "empty input, expected a JSON value")
        }
        var scanner = JSONScanner(
            bytes: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: maxDepth
        )
        return try scanner.parseDocument()
    }

    /// Parses exactly one JSON text from a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    /// Parses exactly one JSON text from a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses the one value that starts at `offset` (after optional whitespace) and may be followed by
    /// anything, for callers that scan a larger structure themselves.
    ///
    /// - Returns: the value and the offset just past it (whitespace after it is skipped too).
    /// - Throws: `JSONParseError`, with offsets counted from the start of `bytes`.
    public static func parseValue(
        in bytes: UnsafeRawBufferPointer, at offset: Int, maxDepth: Int = defaultMaxDepth
    ) throws -> (value: JSONValue, end: Int) {
        guard let base = bytes.baseAddress, offset < bytes.count else {
            throw JSONParseError(kind: .syntax, offset: offset, reason: "unexpected end of input, expected a value")
        }
        var scanner = JSONScanner(
            bytes: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: maxDepth, startIndex: offset
        )
        if let scalar = scanner.parseSimpleScalar() { return (scalar, scanner.index) }
        let value = try scanner.parseDocument(allowingTrailingBytes: true)
        return (value, scanner.index)
    }

    /// The length of the JSON number starting at `offset`, or `nil` when no valid number starts there.
    static func numberLength(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        return numberLength(base.assumingMemoryBound(to: UInt8.self), count: bytes.count, at: offset)
    }

    /// Matches `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?` and returns its length.
    static func numberLength(_ bytes: UnsafePointer<UInt8>, count: Int, at offset: Int) -> Int? {
        var index = offset

        func isDigit(_ at: Int) -> Bool {
            at < count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9")
        }
        func skipDigits() { while isDigit(index) { index += 1 } }

        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }

        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            skipDigits()
        }

        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { return nil }
            skipDigits()
        }
        return index - offset
    }
}
