/// Writes the members of one JSON object.
struct KeyedValueEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) { slot.set(.value(.null), forKey: key.stringValue) }
    mutating func encode(_ value: Bool, forKey key: Key) { slot.set(.value(.bool(value)), forKey: key.stringValue) }
    mutating func encode(_ value: String, forKey key: Key) { slot.set(.value(.string(value)), forKey: key.stringValue) }
    mutating func encode(_ value: Int, forKey key: Key) {
        slot.set(.value(.number(JSONNumber(value))), forKey: key.stringValue)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        slot.set(try ValueEncoder.encodeChild(value, codingPath: codingPath + [key]), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodingSlot()
        slot.set(.slot(nested), forKey: key.stringValue)
        return ValueEncoder(slot: nested, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodingSlot()
        slot.set(.slot(nested), forKey: key.stringValue)
        return ValueEncoder(slot: nested, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = EncodingSlot()
        slot.set(.slot(nested), forKey: "super")
        return ValueEncoder(slot: nested, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = EncodingSlot()
        slot.set(.slot(nested), forKey: key.stringValue)
        return ValueEncoder(slot: nested, codingPath: codingPath + [key])
    }
}

/// Appends the elements of one JSON array.
struct UnkeyedValueEncodingContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    var count: Int { slot.elementCount }

    mutating func encodeNil() { slot.append(.value(.null)) }
    mutating func encode(_ value: Bool) { slot.append(.value(.bool(value))) }
    mutating func encode(_ value: String) { slot.append(.value(.string(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.append(try ValueEncoder.encodeChild(value, codingPath: codingPath + [ArrayIndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodingSlot()
        let path = codingPath + [ArrayIndexKey(count)]
        slot.append(.slot(nested))
        return ValueEncoder(slot: nested, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodingSlot()
        let path = codingPath + [ArrayIndexKey(count)]
        slot.append(.slot(nested))
        return ValueEncoder(slot: nested, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = EncodingSlot()
        let path = codingPath + [ArrayIndexKey(count)]
        slot.append(.slot(nested))
        return ValueEncoder(slot: nested, codingPath: path)
    }
}
