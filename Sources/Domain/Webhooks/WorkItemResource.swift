/// A work item as service hooks send it: the resource of `workitem.deleted` and `workitem.restored`, and the
/// `revision` snapshot inside `workitem.updated`.
public struct WorkItemResource: Sendable, Equatable, Decodable {
    /// The work item id (for a revision snapshot too).
    public var id: Int?
    public var rev: Int?
    /// The work item's fields by reference name; a full snapshot.
    public var fields: [String: ServiceHookFieldValue]
    /// The work item's REST URL; for a deleted work item it points at the recycle bin.
    public var url: String?

    public init(id: Int?, rev: Int?, fields: [String: ServiceHookFieldValue], url: String?) {
        self.id = id
        self.rev = rev
        self.fields = fields
        self.url = url
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeLenientInt(forKey: .id)
        rev = try container.decodeLenientInt(forKey: .rev)
        fields = try container.decodeIfPresent([String: ServiceHookFieldValue].self, forKey: .fields) ?? [:]
        url = try? container.decodeIfPresent(String.self, forKey: .url)
    }

    /// The work item's state, when the resource carries it.
    public var state: String? {
        fields[WorkItemFieldReference.state]?.text
    }

    private enum CodingKeys: String, CodingKey {
        case id, rev, fields, url
    }
}
