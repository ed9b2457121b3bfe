import Foundation

/// Decodes any `Decodable` straight from a `JSONValue`, without going back to bytes.
///
/// Dates are ISO 8601 strings, `Data` is base64, and a `JSONValue` member is handed over untouched (so a
/// 30-digit number stays exact). Failures become `JSONDecodingError` naming the field path.
public struct JSONValueDecoder {
    public init() {}

    /// - Throws: `JSONDecodingError` for values that do not match `type`; errors thrown by custom
    ///   `init(from:)` implementations that are not `DecodingError` pass through unchanged.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try ValueDecoder(value: value, codingPath: []).decodeValue(type)
        } catch let error as DecodingError {
            throw JSONDecodingError(error)
        }
    }
}

extension JSONValue {
    /// Decodes this value as `type`; see `JSONValueDecoder`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONValueDecoder().decode(type, from: self)
    }
}

/// The `Decoder` for one value at one coding path.
final class ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch(expected: "an object") }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch(expected: "an array") }
        return UnkeyedValueContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// Decodes `type` from this decoder's value, handling the types with a fixed wire form first.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self { return value as! T }
        if type == Date.self { return try decodeDate() as! T }
        if type == Data.self { return try decodeData() as! T }
        if type == URL.self { return try decodeURL() as! T }
        return try T(from: self)
    }

    /// A value decoder for a member or element below this one.
    func child(_ value: JSONValue, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: codingPath + [key])
    }

    func mismatch(expected: String) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(
                Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "must not be null")
            )
        }
        return DecodingError.typeMismatch(
            Any.self,
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindDescription)"
            )
        )
    }

    func corrupted(_ reason: String) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: reason))
    }

    private func decodeDate() throws -> Date {
        guard case .string(let text) = value else { throw mismatch(expected: "an ISO 8601 timestamp string") }
        guard let date = ISO8601Timestamp.date(from: text) else {
            throw corrupted("expected an ISO 8601 timestamp like 2026-12-04T15:30:01.123Z")
        }
        return date
    }

    private func decodeData() throws -> Data {
        guard case .string(let text) = value else { throw mismatch(expected: "a base64 string") }
        guard let data = Data(base64Encoded: text) else { throw corrupted("expected base64 text") }
        return data
    }

    private func decodeURL() throws -> URL {
        guard case .string(let text) = value else { throw mismatch(expected: "a URL string") }
        guard let url = URL(string: text) else { throw corrupted("expected a URL") }
        return url
    }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(expected: "a boolean") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch(expected: "a string") }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(expected: "a number") }
        return number.doubleValue
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    /// Integers accept `3`, and also `3.0` or `3e0`, but never a fraction or a value out of range.
    private func decodeInteger<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        guard case .number(let number) = value else { throw mismatch(expected: "an integer") }
        if number.isInteger, let integer = Integer(number.text) { return integer }
        let double = number.doubleValue
        if double.rounded() == double, let integer = Integer(exactly: double) { return integer }
        throw corrupted("expected an integer between \(Integer.min) and \(Integer.max), found \(number.text)")
    }
}
