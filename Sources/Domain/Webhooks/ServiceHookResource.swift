/// The `resource` of a service-hook notification, read according to its event type.
public enum ServiceHookResource: Sendable, Equatable {
    /// `workitem.updated`: one update of a work item.
    case update(WorkItemUpdateResource)
    /// `workitem.deleted` and `workitem.restored`: the work item itself.
    case workItem(WorkItemResource)
    /// Any other event type; its resource is not read.
    case unread
}
