/// Something that happened to a work item, which service-hook subscriptions may be told about.
public enum WorkItemEvent {
    case created(WorkItem)
    /// A new revision; `previous` is the revision it replaced.
    case updated(WorkItem, previous: WorkItemRevision)
    case deleted(WorkItem)
    case restored(WorkItem)

    public var workItem: WorkItem {
        switch self {
        case .created(let item), .updated(let item, _), .deleted(let item), .restored(let item): item
        }
    }

    /// The service-hook event type: `workitem.updated`, ...
    public var eventType: String {
        switch self {
        case .created: "workitem.created"
        case .updated: "workitem.updated"
        case .deleted: "workitem.deleted"
        case .restored: "workitem.restored"
        }
    }
}
