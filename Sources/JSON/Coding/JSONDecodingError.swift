/// Why a JSON value could not become the requested Swift type, pointing at the offending field.
public struct JSONDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the field, e.g. `vulnerabilities[3].severity`; empty for the value itself.
    public let field: String
    /// What is wrong with it, e.g. `expected a string, found a number`.
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// Describes a `DecodingError` by the field it concerns.
    public init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context), .dataCorrupted(let context), .valueNotFound(_, let context):
            self.init(field: Self.path(context.codingPath), reason: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: "is required")
        @unknown default:
            self.init(field: "", reason: "\(error)")
        }
    }

    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }

    /// Writes a coding path the way a caller reads it: `items[2].name`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if key is ArrayIndexKey, let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}

/// The coding key of an array element; `JSONDecodingError.path` shows it as `[index]`.
struct ArrayIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
