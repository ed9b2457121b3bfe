/// Writes compact JSON: no insignificant whitespace and never a raw newline, so one value is one NDJSON line.
public enum JSONWriter {
    /// Appends the compact text of `value` to `buffer`.
    public static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch value {
        case .null:
            appendLiteral("null", to: &buffer)
        case .bool(let flag):
            appendLiteral(flag ? "true" : "false", to: &buffer)
        case .number(let number):
            appendUTF8(of: number.text, to: &buffer)
        case .string(let string):
            writeString(string, into: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            // Borrowed through a buffer pointer: no copy (and no retain) of each element.
            elements.withUnsafeBufferPointer { elements in
                for position in elements.indices {
                    if position > 0 { buffer.append(UInt8(ascii: ",")) }
                    write(elements[position], into: &buffer)
                }
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            object.members.withUnsafeBufferPointer { members in
                for position in members.indices {
                    if position > 0 { buffer.append(UInt8(ascii: ",")) }
                    writeString(members[position].key, into: &buffer)
                    buffer.append(UInt8(ascii: ":"))
                    write(members[position].value, into: &buffer)
                }
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the UTF-8 bytes of `text` in one copy when they are stored contiguously (they nearly always are).
    private static func appendUTF8(of text: String, to buffer: inout [UInt8]) {
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 in buffer.append(contentsOf: utf8) }
        if copied == nil { buffer.append(contentsOf: text.utf8) }
    }

    /// The compact text of `value` as bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        write(value, into: &buffer)
        return buffer
    }

    /// The compact text of `value`.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends `string` as a quoted JSON string, escaping quotes, backslashes and control characters.
    public static func writeString(_ string: String, into buffer: inout [UInt8]) {
        // Most strings (keys, names, ids) need no escape: one copy of their bytes between the quotes.
        let plain = string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            buffer.reserveCapacity(buffer.count + utf8.count + 2)
            buffer.append(UInt8(ascii: "\""))
            buffer.append(contentsOf: utf8)
            buffer.append(UInt8(ascii: "\""))
            return true
        }
        if plain == true { return }

        buffer.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\\")
            {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                appendEscape(for: byte, to: &buffer)
                runStart = offset + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            buffer.append(hexDigits.utf8Start[Int(byte >> 4)])
            buffer.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// Appends ASCII text known at compile time.
    public static func appendLiteral(_ literal: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
