import Foundation

/// Reading the service hooks' numbers and ids the way different server versions send them: numbers as
/// JSON numbers or as strings, ids as strings or numbers.
extension KeyedDecodingContainer {
    /// A whole number sent as a number or as a decimal string; nil when absent or null.
    /// - Throws: `ServiceHookPayloadError` naming the field when it holds anything else.
    func decodeLenientInt(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }

        if let number = try? decode(Int.self, forKey: key) {
            return number
        }
        if let text = try? decode(String.self, forKey: key),
           let number = Int(text.trimmingCharacters(in: .whitespaces)) {
            return number
        }
        throw ServiceHookPayloadError(
            field: ServiceHookPayloadError.path(codingPath, key), problem: "is not a whole number")
    }

    /// Text sent as a string or as a number (rendered in decimal); nil when absent or null.
    /// - Throws: `ServiceHookPayloadError` naming the field when it holds anything else.
    func decodeLenientString(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }

        if let text = try? decode(String.self, forKey: key) {
            return text
        }
        if let number = try? decode(Int.self, forKey: key) {
            return String(number)
        }
        throw ServiceHookPayloadError(
            field: ServiceHookPayloadError.path(codingPath, key), problem: "is not a string or a number")
    }
}
