/// One operation of the `application/json-patch+json` body that creates or updates a work item, e.g.
/// `{"op": "add", "path": "/fields/System.Title", "value": "…"}`.
public struct JSONPatchOperation: Sendable, Equatable, Encodable {
    /// The operations the tracker accepts on work items.
    public enum Operation: String, Sendable, Encodable {
        case add
        case replace
        case remove
        case test
    }

    public var op: Operation
    public var path: String
    public var value: JSONPatchValue?

    public init(op: Operation, path: String, value: JSONPatchValue?) {
        self.op = op
        self.path = path
        self.value = value
    }

    /// Sets a field on a new work item.
    public static func add(field reference: String, _ value: JSONPatchValue) -> JSONPatchOperation {
        JSONPatchOperation(op: .add, path: "/fields/\(reference)", value: value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(op, forKey: .op)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(value, forKey: .value)
    }

    private enum CodingKeys: String, CodingKey {
        case op, path, value
    }
}
