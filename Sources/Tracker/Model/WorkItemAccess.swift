/// Whether the token may use work items, as `checkWorkItemAccess()` found.
public enum WorkItemAccess: String, Sendable, Equatable {
    /// A work item route answered.
    case granted
    /// The token signs in (connectionData answers) but work item routes answer 401: the token lacks the
    /// "Work items (read and write)" scope.
    case missingScope
}
