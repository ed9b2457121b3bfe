/// One bad field of a request, reported in `data.fieldViolations`.
public struct FieldViolation: Sendable, Hashable, Codable {
    /// The field's path in params, e.g. `vulnerabilities[3].severity`.
    public var field: String
    /// What is wrong with it, e.g. `expected one of Critical, High, Medium, Low, Note`.
    public var description: String

    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}
