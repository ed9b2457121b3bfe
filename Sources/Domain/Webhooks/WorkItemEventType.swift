/// The service-hook event types that can move a ticket's state. Every other event type is ignored.
public enum WorkItemEventType: String, Sendable, CaseIterable {
    case updated = "workitem.updated"
    case deleted = "workitem.deleted"
    case restored = "workitem.restored"
}
