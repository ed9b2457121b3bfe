/// What happened to one work item, in the service's terms: it now has `newState` at `revision`.
///
/// Built from a service-hook delivery, or by `syncTickets` from the work item it read.
public struct WorkItemChange: Sendable, Equatable {
    /// Why the state is what it is.
    public enum Cause: String, Sendable {
        /// `workitem.updated` with a `System.State` change.
        case updated
        /// `workitem.deleted`; the work item counts as `Removed`.
        case deleted
        /// `workitem.restored` from the recycle bin; its state is the one it had before deletion.
        case restored
        /// Read from the tracker by `syncTickets`.
        case synchronized
    }

    /// The state a deleted work item counts as.
    public static let deletedState = "Removed"

    public var cause: Cause
    public var workItemId: Int
    /// The work item revision the change belongs to; deliveries not newer than the ticket's are stale.
    public var revision: Int
    public var newState: String
    /// The state before, as the tracker reported it; absent when it did not say.
    public var oldState: String?
    public var changedBy: TrackerIdentity?
    public var title: String?

    public init(
        cause: Cause, workItemId: Int, revision: Int, newState: String, oldState: String? = nil,
        changedBy: TrackerIdentity? = nil, title: String? = nil
    ) {
        self.cause = cause
        self.workItemId = workItemId
        self.revision = revision
        self.newState = newState
        self.oldState = oldState
        self.changedBy = changedBy
        self.title = title
    }
}
