/// A service-hook body the service cannot use: `field` names where the problem is, e.g. `resource.rev`.
public struct ServiceHookPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A dotted path into the body, e.g. `resource.fields.System.State.newValue`; `body` for the whole text.
    public var field: String
    /// What is wrong with it, e.g. "is missing" or "is not a whole number".
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "The service-hook payload cannot be used: \(field) \(problem). Check that the subscription is an Azure "
            + "DevOps work item event sent with all resource details (resourceDetailsToSend = all)."
    }

    static func missing(_ field: String) -> ServiceHookPayloadError {
        ServiceHookPayloadError(field: field, problem: "is missing")
    }

    /// The dotted path of a coding path, e.g. `resource.fields.System.State`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// A field path below `codingPath`.
    static func path(_ codingPath: [any CodingKey], _ key: some CodingKey) -> String {
        path(codingPath + [key])
    }
}

extension ServiceHookPayloadError {
    /// The field and problem a `JSONDecoder` failure points at.
    init(decodingError: DecodingError) {
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath, key), problem: "is missing")
        case .valueNotFound(let type, let context):
            self.init(field: Self.fieldOrBody(context.codingPath), problem: "is null where \(type) belongs")
        case .typeMismatch(let type, let context):
            self.init(field: Self.fieldOrBody(context.codingPath), problem: "is not \(Self.article(type))")
        case .dataCorrupted(let context):
            let problem = context.codingPath.isEmpty ? "is not valid JSON" : "is malformed"
            self.init(field: Self.fieldOrBody(context.codingPath), problem: problem)
        @unknown default:
            self.init(field: "body", problem: "could not be read")
        }
    }

    private static func fieldOrBody(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "body" : path(codingPath)
    }

    private static func article(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
