/// The stock process a simulated collection's projects use; it decides the work item types, their fields
/// and their states.
public enum ProcessTemplate: String, CaseIterable, Sendable {
    case agile = "Agile"
    case scrum = "Scrum"
    case cmmi = "CMMI"
    case basic = "Basic"

    /// Parses the spelling used on the command line, ignoring case.
    public init?(name: String) {
        guard let match = ProcessTemplate.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
        else { return nil }
        self = match
    }

    /// The work item types of this process, in the order the real server lists them.
    public var workItemTypes: [WorkItemTypeDefinition] {
        switch self {
        case .agile: ProcessTemplate.agileTypes
        case .scrum: ProcessTemplate.scrumTypes
        case .cmmi: ProcessTemplate.cmmiTypes
        case .basic: ProcessTemplate.basicTypes
        }
    }

    /// The type of this name, ignoring case as the server does.
    public func workItemType(named name: String) -> WorkItemTypeDefinition? {
        workItemTypes.first { $0.name.lowercased() == name.lowercased() }
    }

    // MARK: The stock definitions

    private typealias State = WorkItemStateDefinition

    private static let new = State(name: "New", category: .proposed, color: "b2b2b2")
    private static let active = State(name: "Active", category: .inProgress, color: "007acc")
    private static let resolved = State(name: "Resolved", category: .resolved, color: "ff9d00")
    private static let closed = State(name: "Closed", category: .completed, color: "339933")
    private static let removed = State(name: "Removed", category: .removed, color: "ffffff")
    private static let approved = State(name: "Approved", category: .proposed, color: "b2b2b2")
    private static let committed = State(name: "Committed", category: .inProgress, color: "007acc")
    private static let done = State(name: "Done", category: .completed, color: "339933")
    private static let toDo = State(name: "To Do", category: .proposed, color: "b2b2b2")
    private static let inProgress = State(name: "In Progress", category: .inProgress, color: "007acc")
    private static let doing = State(name: "Doing", category: .inProgress, color: "007acc")
    private static let proposed = State(name: "Proposed", category: .proposed, color: "b2b2b2")
    private static let open = State(name: "Open", category: .inProgress, color: "007acc")

    private static func type(
        _ name: String, _ states: [State], severity: Bool = false, priority: Bool = true, reproSteps: Bool = false
    ) -> WorkItemTypeDefinition {
        WorkItemTypeDefinition(name: name, states: states, hasSeverity: severity, hasPriority: priority,
                               hasReproSteps: reproSteps)
    }

    private static let agileTypes = [
        type("Bug", [new, active, resolved, closed, removed], severity: true, reproSteps: true),
        type("Task", [new, active, closed, removed]),
        type("User Story", [new, active, resolved, closed, removed]),
        type("Feature", [new, active, resolved, closed, removed]),
        type("Epic", [new, active, resolved, closed, removed]),
        type("Issue", [active, closed]),
    ]

    private static let scrumTypes = [
        type("Product Backlog Item", [new, approved, committed, done, removed]),
        type("Bug", [new, approved, committed, done, removed], severity: true, reproSteps: true),
        type("Task", [toDo, inProgress, done, removed]),
        type("Impediment", [open, closed]),
        type("Feature", [new, inProgress, done, removed]),
        type("Epic", [new, inProgress, done, removed]),
    ]

    private static let cmmiTypes = [
        type("Requirement", [proposed, active, resolved, closed]),
        type("Bug", [proposed, active, resolved, closed], severity: true),
        type("Task", [proposed, active, resolved, closed]),
        type("Issue", [proposed, active, resolved, closed], severity: true),
        type("Risk", [proposed, active, resolved, closed], severity: true),
        type("Change Request", [proposed, active, resolved, closed]),
    ]

    private static let basicTypes = [
        type("Issue", [toDo, doing, done], priority: false),
        type("Task", [toDo, doing, done], priority: false),
        type("Epic", [toDo, doing, done], priority: false),
    ]
}
