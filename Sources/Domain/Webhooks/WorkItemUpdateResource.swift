/// The resource of a `workitem.updated` event: one update of a work item, with the fields it changed and
/// a snapshot of the work item after it.
///
/// Its `id` is the update's number, not the work item's: the work item is `workItemId` (very old payloads
/// send `0` there, and then `revision.id` or the URL tells).
public struct WorkItemUpdateResource: Sendable, Equatable, Decodable {
    /// The update's number within the work item's history.
    public var updateId: Int?
    public var workItemId: Int?
    /// The work item revision this update produced.
    public var rev: Int?
    public var revisedBy: TrackerIdentity?
    public var revisedDate: String?
    /// Only the fields this update changed, by reference name.
    public var fields: [String: ServiceHookFieldChange]
    /// The work item as it is after this update.
    public var revision: WorkItemResource?
    /// The update's REST URL, e.g. `…/_apis/wit/workItems/13/updates/2`.
    public var url: String?

    public init(
        updateId: Int?, workItemId: Int?, rev: Int?, revisedBy: TrackerIdentity?, revisedDate: String?,
        fields: [String: ServiceHookFieldChange], revision: WorkItemResource?, url: String?
    ) {
        self.updateId = updateId
        self.workItemId = workItemId
        self.rev = rev
        self.revisedBy = revisedBy
        self.revisedDate = revisedDate
        self.fields = fields
        self.revision = revision
        self.url = url
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        updateId = try container.decodeLenientInt(forKey: .id)
        workItemId = try container.decodeLenientInt(forKey: .workItemId)
        rev = try container.decodeLenientInt(forKey: .rev)
        revisedBy = try? container.decodeIfPresent(TrackerIdentity.self, forKey: .revisedBy)
        revisedDate = try? container.decodeIfPresent(String.self, forKey: .revisedDate)
        fields = try container.decodeIfPresent([String: ServiceHookFieldChange].self, forKey: .fields) ?? [:]
        revision = try container.decodeIfPresent(WorkItemResource.self, forKey: .revision)
        url = try? container.decodeIfPresent(String.self, forKey: .url)
    }

    private enum CodingKeys: String, CodingKey {
        case id, workItemId, rev, revisedBy, revisedDate, fields, revision, url
    }
}
