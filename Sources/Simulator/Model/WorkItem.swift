import JSON

/// A work item with its full history. Loop-confined, owned by `TrackerCollection`.
public final class WorkItem {
    public let id: Int
    public let project: Project
    public let type: WorkItemTypeDefinition
    public private(set) var revisions: [WorkItemRevision]
    /// In the recycle bin: invisible to reads and queries until restored.
    public internal(set) var isDeleted = false

    init(id: Int, project: Project, type: WorkItemTypeDefinition, first: WorkItemRevision) {
        self.id = id
        self.project = project
        self.type = type
        revisions = [first]
    }

    public var latest: WorkItemRevision { revisions[revisions.count - 1] }
    public var rev: Int { latest.rev }
    public var fields: JSONObject { latest.fields }
    public var state: String { fields["System.State"]?.stringValue ?? "" }
    public var title: String { fields["System.Title"]?.stringValue ?? "" }

    /// The tags as a list (`"a; b"` → `["a", "b"]`).
    public var tags: [String] { WorkItemTags.split(fields["System.Tags"]?.stringValue ?? "") }

    func append(_ revision: WorkItemRevision) {
        revisions.append(revision)
    }

    /// The revision with this number, if it exists.
    public func revision(_ rev: Int) -> WorkItemRevision? {
        guard rev >= 1, rev <= revisions.count else { return nil }
        return revisions[rev - 1]
    }
}
