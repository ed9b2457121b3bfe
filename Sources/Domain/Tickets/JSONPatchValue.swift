/// The value of one JSON Patch operation on a work item field: the fields the service writes hold either
/// text (title, HTML description, tags, Severity) or a whole number (Priority).
public enum JSONPatchValue: Sendable, Equatable, Hashable, Encodable {
    case string(String)
    case int(Int)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let number): try container.encode(number)
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }
}
