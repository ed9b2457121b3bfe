/// The parser's cursor over one input buffer. Loop-based: nesting lives in `stack`, not in Swift frames.
struct JSONScanner {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private let maxDepth: Int
    private(set) var index = 0
    /// Reused for strings that need unescaping or UTF-8 checks.
    private var scratch: [UInt8] = []

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int, startIndex: Int = 0) {
        self.bytes = bytes
        self.count = count
        self.maxDepth = maxDepth
        index = startIndex
    }

    /// Parses one value; unless `allowingTrailingBytes`, only whitespace may follow it.
    mutating func parseDocument(allowingTrailingBytes: Bool = false) throws -> JSONValue {
        var stack: [OpenContainer] = []
        skipWhitespace()

        readValue: while true {
            guard index < count else { throw syntaxError("unexpected end of input, expected a value") }
            var value: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard stack.count < maxDepth else {
                    throw JSONParseError(
                        kind: .tooDeep, offset: index, reason: "arrays and objects nest deeper than \(maxDepth) levels"
                    )
                }
                index += 1
                skipWhitespace()
                if index < count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else {
                    var container = OpenContainer(isObject: isObject)
                    if isObject {
                        container.pendingKey = try parseKeyAndColon()
                    }
                    stack.append(container)
                    continue readValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw syntaxError("unexpected character, expected a value")
            }

            // Attach the finished value to its container, closing every container that ends here.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    guard allowingTrailingBytes || index == count else {
                        throw syntaxError("unexpected data after the JSON value")
                    }
                    return value
                }
                let top = stack.count - 1
                let isObject = stack[top].isObject
                if isObject {
                    stack[top].addMember(value)
                } else {
                    stack[top].elements.append(value)
                }

                skipWhitespace()
                guard index < count else {
                    throw syntaxError(isObject ? "unterminated object" : "unterminated array")
                }
                let next = bytes[index]
                if next == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                    if isObject {
                        let keyOffset = index
                        let key = try parseKeyAndColon()
                        guard !stack[top].hasMember(named: key) else {
                            throw JSONParseError(
                                kind: .duplicateKey, offset: keyOffset, reason: "duplicate object key \"\(key)\""
                            )
                        }
                        stack[top].pendingKey = key
                    }
                    continue readValue
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw syntaxError(isObject ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
                }
                index += 1
                value = stack.removeLast().finish()
            }
        }
    }

    /// Reads a number or a string without escapes (the shapes of most ids and names) with whatever whitespace
    /// follows it, for a caller that scans a larger structure itself; `nil`, with the cursor unmoved, for
    /// anything else, which `parseDocument` then reads and words the errors of.
    mutating func parseSimpleScalar() -> JSONValue? {
        let start = index
        skipWhitespace()
        guard index < count else {
            index = start
            return nil
        }
        let value: JSONValue
        switch bytes[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let number = try? parseNumber() else {
                index = start
                return nil
            }
            value = .number(number)
        case UInt8(ascii: "\""):
            let quote = index
            var end = quote + 1
            while end < count, bytes[end] != UInt8(ascii: "\""), bytes[end] >= 0x20, bytes[end] < 0x80,
                bytes[end] != UInt8(ascii: "\\")
            {
                end += 1
            }
            guard end < count, bytes[end] == UInt8(ascii: "\"") else {
                index = start
                return nil
            }
            let text = UnsafeBufferPointer(start: bytes + quote + 1, count: end - quote - 1)
            value = .string(String(decoding: text, as: UTF8.self))
            index = end + 1
        default:
            index = start
            return nil
        }
        skipWhitespace()
        return value
    }

    // MARK: - Tokens

    private mutating func skipWhitespace() {
        while index < count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    /// Reads `"key"`, optional whitespace, `:` and the whitespace after it.
    private mutating func parseKeyAndColon() throws -> String {
        guard index < count, bytes[index] == UInt8(ascii: "\"") else {
            throw syntaxError("expected a string key in an object")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < count, bytes[index] == UInt8(ascii: ":") else {
            throw syntaxError("expected ':' after an object key")
        }
        index += 1
        skipWhitespace()
        return key
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { throw syntaxError("invalid literal, expected \(literal)") }
        for offset in 0..<length where bytes[index + offset] != literal.utf8Start[offset] {
            throw syntaxError("invalid literal, expected \(literal)")
        }
        index += length
    }

    private mutating func parseNumber() throws -> JSONNumber {
        guard let length = JSONParser.numberLength(bytes, count: count, at: index) else {
            throw syntaxError("invalid number")
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + index, count: length), as: UTF8.self)
        index += length
        return JSONNumber(validatedText: text)
    }

    /// Reads a string starting at its opening quote. Plain ASCII without escapes takes the fast path.
    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(start: bytes + start, count: index - start)
                let text = String(decoding: run, as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        return try parseStringSlowly(from: start)
    }

    private mutating func parseStringSlowly(from start: Int) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: index - start))

        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw syntaxError("control character in a string must be escaped")
            case 0x20..<0x80:
                scratch.append(byte)
                index += 1
            default:
                try copyMultiByteScalar()
            }
        }
        throw syntaxError("unterminated string")
    }

    /// Copies one well-formed multi-byte UTF-8 sequence (Unicode 15, table 3-7) or throws `invalidUTF8`.
    private mutating func copyMultiByteScalar() throws {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw utf8Error()
        }
        guard index + length <= count, secondRange.contains(bytes[index + 1]) else { throw utf8Error() }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
            throw utf8Error()
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + index, count: length))
        index += length
    }

    private mutating func parseEscape() throws {
        guard index + 1 < count else { throw syntaxError("unterminated escape sequence") }
        let escaped = bytes[index + 1]
        index += 2
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"): try parseUnicodeEscape()
        default:
            index -= 2
            throw syntaxError("invalid escape sequence")
        }
    }

    /// Reads the four hex digits after `\u`, pairing surrogates; a lone surrogate is an error.
    private mutating func parseUnicodeEscape() throws {
        let escapeStart = index - 2
        let unit = try readHexQuad()
        var scalarValue = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            guard index + 1 < count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw JSONParseError(kind: .syntax, offset: escapeStart, reason: "unpaired UTF-16 surrogate escape")
            }
            index += 2
            let low = try readHexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(kind: .syntax, offset: escapeStart, reason: "unpaired UTF-16 surrogate escape")
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw JSONParseError(kind: .syntax, offset: escapeStart, reason: "unpaired UTF-16 surrogate escape")
        }
        scratch.append(contentsOf: Unicode.Scalar(scalarValue)!.utf8)
    }

    private mutating func readHexQuad() throws -> UInt16 {
        guard index + 4 <= count else { throw syntaxError("\\u must be followed by four hex digits") }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    // MARK: - Errors

    private func syntaxError(_ reason: String) -> JSONParseError {
        JSONParseError(kind: .syntax, offset: index, reason: reason)
    }

    private func utf8Error() -> JSONParseError {
        JSONParseError(kind: .invalidUTF8, offset: index, reason: "string is not well-formed UTF-8")
    }
}
