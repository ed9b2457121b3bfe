import Foundation
import JSON

/// Reads the common case, one request object with only `jsonrpc`, `method`, `id` and `params`, straight from
/// its bytes, without building the envelope as a `JSONValue`. This is the hot path of `health.check`.
///
/// It only ever accepts what the general path accepts, with the same result. Anything else (batches,
/// other members, escaped keys, errors of any kind) returns `nil`, and the general path, which also words
/// the error, takes over.
enum RequestFastPath {
    private enum Member: UInt8 {
        case jsonrpc = 1, method = 2, id = 4, params = 8
    }

    /// - Parameter knownMethod: a method name seen before; when the request names it, the name is reused
    ///   instead of building a new string from the bytes.
    static func read(_ line: UnsafeRawBufferPointer, maxDepth: Int, knownMethod: String? = nil) -> IncomingRequest? {
        guard let base = line.baseAddress, maxDepth > 1 else { return nil }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = line.count
        var index = 0

        skipWhitespace(bytes, count, &index)
        guard index < count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        skipWhitespace(bytes, count, &index)

        var seen: UInt8 = 0
        var hasVersion = false
        var method: JSONValue?
        var id: JSONValue?
        var params: JSONValue?
        while true {
            guard let member = readKey(bytes, count, &index), seen & member.rawValue == 0 else { return nil }
            seen |= member.rawValue
            skipWhitespace(bytes, count, &index)
            guard index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace(bytes, count, &index)

            if member == .jsonrpc {
                guard matchesVersion(bytes, count, index) else { return nil }
                hasVersion = true
                index += versionLength
                skipWhitespace(bytes, count, &index)
            } else if member == .method, let name = readPlainString(bytes, count, &index, reusing: knownMethod) {
                method = .string(name)
                skipWhitespace(bytes, count, &index)
            } else if member == .params, readEmptyObject(bytes, count, &index) {
                params = .object(JSONObject())
                skipWhitespace(bytes, count, &index)
            } else {
                guard let (value, end) = try? JSONParser.parseValue(in: line, at: index, maxDepth: maxDepth - 1) else {
                    return nil
                }
                index = end
                switch member {
                case .method: method = value
                case .id: id = value
                default: params = value
                }
            }

            guard index < count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace(bytes, count, &index)
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            break
        }
        skipWhitespace(bytes, count, &index)
        guard index == count, hasVersion, case .string(let methodName) = method else { return nil }

        switch id {
        case nil, .string, .number, .null: break
        default: return nil
        }
        switch params {
        case nil, .object, .array: break
        default: return nil
        }
        return IncomingRequest(method: methodName, id: id, params: params)
    }

    private static func skipWhitespace(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int) {
        while index < count,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            index += 1
        }
    }


    /// Reads a string of printable ASCII without escapes, the shape of every method name; `nil` (index
    /// unchanged) for anything else, which the general parser then reads. The name is `reusing` when the
    /// bytes spell it.
    private static func readPlainString(
        _ bytes: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int, reusing known: String?
    ) -> String? {
        guard index < count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var end = start
        while end < count, bytes[end] != UInt8(ascii: "\"") {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        guard end < count else { return nil }
        index = end + 1
        let text = UnsafeBufferPointer(start: bytes + start, count: end - start)
        if var known, let textBase = text.baseAddress, !text.isEmpty {
            let matches = known.withUTF8 { utf8 in
                guard let knownBase = utf8.baseAddress, utf8.count == text.count else { return false }
                return memcmp(knownBase, textBase, text.count) == 0
            }
            if matches { return known }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads `{}` (whitespace allowed inside); `false` (index unchanged) for anything else.
    private static func readEmptyObject(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int) -> Bool {
        guard index < count, bytes[index] == UInt8(ascii: "{") else { return false }
        var end = index + 1
        skipWhitespace(bytes, count, &end)
        guard end < count, bytes[end] == UInt8(ascii: "}") else { return false }
        index = end + 1
        return true
    }

    /// The length of `"2.0"`, the only value `jsonrpc` may have.
    private static let versionLength = 5

    private static func matchesVersion(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Bool {
        index + versionLength <= count && bytes[index] == UInt8(ascii: "\"") && bytes[index + 1] == UInt8(ascii: "2")
            && bytes[index + 2] == UInt8(ascii: ".") && bytes[index + 3] == UInt8(ascii: "0")
            && bytes[index + 4] == UInt8(ascii: "\"")
    }

    /// Reads a plain `"key"` naming one of the envelope members; `nil` for anything else.
    private static func readKey(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int) -> Member? {
        guard index < count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var end = start
        while end < count, bytes[end] != UInt8(ascii: "\"") {
            guard bytes[end] != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        guard end < count else { return nil }
        index = end + 1
        let key = bytes + start
        switch end - start {
        case 2 where matches(key, "id"): return .id
        case 6 where matches(key, "method"): return .method
        case 6 where matches(key, "params"): return .params
        case 7 where matches(key, "jsonrpc"): return .jsonrpc
        default: return nil
        }
    }

    /// Whether the bytes at `key` spell `name` (the caller has checked the length).
    private static func matches(_ key: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        memcmp(key, name.utf8Start, name.utf8CodeUnitCount) == 0
    }
}
