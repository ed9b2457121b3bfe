/// Lets a `JSONValue` sit inside any `Codable` type, for members whose shape is free-form.
///
/// With `JSONValueEncoder` / `JSONValueDecoder` the value passes through untouched. Other coders (for
/// example Foundation's) see plain JSON; they cannot keep number text or key order.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let valueDecoder = decoder as? ValueDecoder {
            self = valueDecoder.value
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(JSONNumber(integer))
        } else if let double = try? container.decode(Double.self), let number = JSONNumber(double) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            let members = try container.decode([String: JSONValue].self)
            let sorted = members.sorted { $0.key < $1.key }
            self = .object(JSONObject(sorted.map { JSONObject.Member(key: $0.key, value: $0.value) }))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let valueEncoder = encoder as? ValueEncoder {
            valueEncoder.slot.content = .value(self)
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            if let integer = number.int64Value {
                try container.encode(integer)
            } else {
                try container.encode(number.doubleValue)
            }
        case .string(let string): try container.encode(string)
        case .array(let elements): try container.encode(elements)
        case .object(let object):
            try container.encode(Dictionary(object.members.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
        }
    }
}
