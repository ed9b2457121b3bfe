/// One state a work item type can be in, with the category the board groups it under.
public struct WorkItemStateDefinition: Sendable, Equatable {
    /// The state categories of the real server (`Proposed`, `InProgress`, ...).
    public enum Category: String, Sendable {
        case proposed = "Proposed"
        case inProgress = "InProgress"
        case resolved = "Resolved"
        case completed = "Completed"
        case removed = "Removed"
    }

    public let name: String
    public let category: Category
    public let color: String
}
