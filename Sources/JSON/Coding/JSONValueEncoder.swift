import Foundation

/// Encodes any `Encodable` straight into a `JSONValue`, keeping the order in which members were encoded.
///
/// Dates become ISO 8601 UTC strings with milliseconds, `Data` becomes base64, URLs their absolute string;
/// a `JSONValue` member is copied as is. Non-finite floating-point numbers cannot be encoded.
public struct JSONValueEncoder {
    public init() {}

    /// - Throws: `EncodingError.invalidValue` for infinities and NaN, or whatever a custom `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try ValueEncoder.encode(value, codingPath: [])
    }
}

extension JSONValue {
    /// Encodes `value`; see `JSONValueEncoder`.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValueEncoder().encode(value)
    }
}

/// Where an encoder writes: nothing yet, a single value, or an object or array still being filled.
final class EncodingSlot {
    enum Content {
        case empty
        case value(JSONValue)
        case object(keys: [String], children: [EncodingSlot.Child])
        case array([EncodingSlot.Child])
    }

    /// A finished value, or a nested slot that containers may still be writing into.
    enum Child {
        case value(JSONValue)
        case slot(EncodingSlot)
    }

    var content = Content.empty

    func materialize() -> JSONValue {
        switch content {
        case .empty:
            return .object(JSONObject())
        case .value(let value):
            return value
        case .object(let keys, let children):
            var object = JSONObject()
            for (key, child) in zip(keys, children) {
                object.append(key: key, value: child.materialize())
            }
            return .object(object)
        case .array(let children):
            return .array(children.map { $0.materialize() })
        }
    }

    /// Becomes an object unless it already is one.
    func makeObject() {
        if case .object = content { return }
        content = .object(keys: [], children: [])
    }

    /// Becomes an array unless it already is one.
    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// Sets `key`, replacing an earlier member of the same name.
    func set(_ child: Child, forKey key: String) {
        guard case .object(var keys, var children) = content else { return }
        content = .empty
        if let index = keys.firstIndex(of: key) {
            children[index] = child
        } else {
            keys.append(key)
            children.append(child)
        }
        content = .object(keys: keys, children: children)
    }

    func append(_ child: Child) {
        guard case .array(var children) = content else { return }
        content = .empty
        children.append(child)
        content = .array(children)
    }

    var elementCount: Int {
        if case .array(let children) = content { return children.count }
        return 0
    }
}

extension EncodingSlot.Child {
    func materialize() -> JSONValue {
        switch self {
        case .value(let value): value
        case .slot(let slot): slot.materialize()
        }
    }
}

/// The `Encoder` for one value at one coding path.
final class ValueEncoder: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(slot: EncodingSlot, codingPath: [any CodingKey]) {
        self.slot = slot
        self.codingPath = codingPath
    }

    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        try encodeChild(value, codingPath: codingPath).materialize()
    }

    /// Encodes one member or element, short-cutting the types with a fixed wire form.
    static func encodeChild<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingSlot.Child {
        // Metatype comparisons are cheap; a failed dynamic cast per member would not be.
        if T.self == String.self { return .value(.string(value as! String)) }
        if T.self == JSONValue.self { return .value(value as! JSONValue) }
        if T.self == Date.self { return .value(.string(ISO8601Timestamp.string(from: value as! Date))) }
        if T.self == Data.self { return .value(.string((value as! Data).base64EncodedString())) }
        if T.self == URL.self { return .value(.string((value as! URL).absoluteString)) }
        let slot = EncodingSlot()
        try value.encode(to: ValueEncoder(slot: slot, codingPath: codingPath))
        if case .value(let single) = slot.content { return .value(single) }
        return .slot(slot)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(KeyedValueEncodingContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return UnkeyedValueEncodingContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }
}

extension ValueEncoder: SingleValueEncodingContainer {
    func encodeNil() { slot.content = .value(.null) }
    func encode(_ value: Bool) { slot.content = .value(.bool(value)) }
    func encode(_ value: String) { slot.content = .value(.string(value)) }

    func encode(_ value: Double) throws {
        guard let number = JSONNumber(value) else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "JSON cannot express \(value)")
            )
        }
        slot.content = .value(.number(number))
    }

    func encode(_ value: Float) throws { try encode(Double(value)) }
    func encode(_ value: Int) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: Int8) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: Int16) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: Int32) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: Int64) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: UInt) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: UInt8) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: UInt16) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: UInt32) { slot.content = .value(.number(JSONNumber(value))) }
    func encode(_ value: UInt64) { slot.content = .value(.number(JSONNumber(value))) }

    func encode<T: Encodable>(_ value: T) throws {
        switch try ValueEncoder.encodeChild(value, codingPath: codingPath) {
        case .value(let single): slot.content = .value(single)
        case .slot(let nested): slot.content = nested.content
        }
    }
}
