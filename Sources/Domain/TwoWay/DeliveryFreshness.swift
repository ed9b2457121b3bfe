/// Whether a tracker delivery is new to a ticket. Deliveries repeat and arrive out of order; only a fresh
/// one may change anything.
public enum DeliveryFreshness: String, Sendable, Equatable {
    case fresh
    /// The same `subscriptionId` + `notificationId` was applied before.
    case duplicate
    /// The delivery's revision is older than what the ticket has already seen.
    case stale

    /// - Parameters:
    ///   - change: what the delivery reports.
    ///   - alreadyApplied: whether a delivery with the same `subscriptionId` + `notificationId` was applied.
    ///   - lastRevision: the ticket's `lastRevision`.
    ///
    /// Deleting or restoring a work item does not add a revision, so those deliveries carry the revision
    /// the ticket already has and are stale only when older; an update or a sync is stale unless newer.
    public static func classify(_ change: WorkItemChange, alreadyApplied: Bool, lastRevision: Int) -> Self {
        if alreadyApplied {
            return .duplicate
        }

        switch change.cause {
        case .updated, .synchronized:
            return change.revision > lastRevision ? .fresh : .stale
        case .deleted, .restored:
            return change.revision >= lastRevision ? .fresh : .stale
        }
    }
}
