/// A work item type of a process: name, fields and states. The first state is where new items start.
public struct WorkItemTypeDefinition: Sendable {
    public let name: String
    public let states: [WorkItemStateDefinition]
    public let fields: [FieldDefinition]
    public let hasSeverity: Bool
    public let hasPriority: Bool

    init(name: String, states: [WorkItemStateDefinition], hasSeverity: Bool, hasPriority: Bool, hasReproSteps: Bool) {
        self.name = name
        self.states = states
        self.hasSeverity = hasSeverity
        self.hasPriority = hasPriority
        var fields = FieldDefinition.common
        if hasPriority { fields.append(.priority) }
        if hasSeverity { fields.append(.severity) }
        if hasReproSteps { fields.append(.reproSteps) }
        self.fields = fields
    }

    public var initialState: WorkItemStateDefinition { states[0] }

    /// `Microsoft.VSTS.WorkItemTypes.UserStory` for "User Story", as the stock processes name them.
    public var referenceName: String {
        "Microsoft.VSTS.WorkItemTypes." + name.filter { $0 != " " }
    }

    /// The field with this reference name (or display name), ignoring case.
    public func field(_ name: String) -> FieldDefinition? {
        let wanted = name.lowercased()
        return fields.first { $0.referenceName.lowercased() == wanted || $0.name.lowercased() == wanted }
    }

    /// The state of this name, ignoring case.
    public func state(named name: String) -> WorkItemStateDefinition? {
        states.first { $0.name.lowercased() == name.lowercased() }
    }
}
