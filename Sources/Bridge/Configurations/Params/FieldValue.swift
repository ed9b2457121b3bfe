/// A member of an update's params: left out (keep what is stored), `null` (back to the default), or a value.
enum FieldValue<Value> {
    case absent
    case null
    case value(Value)

    /// The value, when one was given.
    var given: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// Applies the member to a stored setting: a value replaces it, `null` restores `defaultValue`.
    func apply(to setting: inout Value, default defaultValue: Value) {
        switch self {
        case .absent: break
        case .null: setting = defaultValue
        case .value(let value): setting = value
        }
    }

    /// Applies the member to an optional stored setting: a value replaces it, `null` clears it.
    func apply(to setting: inout Value?) {
        switch self {
        case .absent: break
        case .null: setting = nil
        case .value(let value): setting = value
        }
    }

    /// The same member with its value transformed.
    func map<Other>(_ transform: (Value) -> Other) -> FieldValue<Other> {
        switch self {
        case .absent: .absent
        case .null: .null
        case .value(let value): .value(transform(value))
        }
    }
}
