/// Where a ticket stands in its creation: recorded before the tracker is called, then created or failed.
public enum TicketLifecycle: String, Sendable, Equatable {
    /// Recorded, the tracker not yet known to have a work item. After a crash, recovery searches the tracker
    /// for the ticket's marker and adopts the work item it finds instead of creating a second one.
    case pending
    /// The work item exists; `workItemId` and `url` are set.
    case created
    /// The tracker refused it; `failureReason` says why.
    case failed
}
