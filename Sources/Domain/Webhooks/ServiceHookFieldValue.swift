/// One work item field value in a service-hook resource. Old resource versions send every value as a
/// string; newer ones send numbers, booleans and identity objects.
public enum ServiceHookFieldValue: Sendable, Equatable, Decodable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case identity(TrackerIdentity)
    case null
    /// An array or an object that is not an identity; the service reads nothing from it.
    case other

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(TrackerIdentity.self) {
            self = .identity(value)
        } else {
            self = .other
        }
    }

    /// The value as text: strings as they are, whole numbers in decimal, identities by display name.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .identity(let value): value.displayName
        case .number, .boolean, .null, .other: nil
        }
    }

    /// The value as a whole number, also when sent as a decimal string.
    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .string(let value): Int(value)
        case .number(let value): value == value.rounded() ? Int(exactly: value) : nil
        case .boolean, .identity, .null, .other: nil
        }
    }

    /// The value as a user: identity objects, or strings of the form `"Name <unique name>"`.
    public var identity: TrackerIdentity? {
        switch self {
        case .identity(let value): value
        case .string(let value): value.isEmpty ? nil : TrackerIdentity(parsing: value)
        case .integer, .number, .boolean, .null, .other: nil
        }
    }
}
