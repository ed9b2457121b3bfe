import JSON

/// One saved state of a work item. Field values are stored in a neutral form (identities as
/// `Name <unique>` strings) and shaped per API version when written out.
public struct WorkItemRevision: Sendable {
    public let rev: Int
    public let fields: JSONObject
    public let relations: [JSONValue]
    public let changedBy: Identity
    public let changedDate: String
}
