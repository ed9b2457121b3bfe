import Tracker

/// The current work items of a set of tickets as the tracker reports them.
struct WorkItemReadout: Sendable {
    /// The work items the tracker returned, by id.
    var items: [Int: WorkItem] = [:]
    /// Ids the tracker says do not exist: deleted (in the recycle bin) or destroyed.
    var missing: Set<Int> = []
}
