/// Why a work item draft could not be made. `field` names the setting or parameter to fix.
public struct TicketContentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter or configuration setting at fault, e.g. `project` or `vulnerabilityIds`.
    public var field: String
    public var message: String
    /// True when the configuration lacks a setting (a precondition), false when the call's arguments are bad.
    public var isConfigurationIncomplete: Bool

    public init(field: String, message: String, isConfigurationIncomplete: Bool) {
        self.field = field
        self.message = message
        self.isConfigurationIncomplete = isConfigurationIncomplete
    }

    public var description: String { message }

    static func missingProject(configurationName: String) -> TicketContentError {
        TicketContentError(
            field: "project",
            message: "Configuration \"\(configurationName)\" has no project: set one with configure, "
                + "or pass project to createTickets.",
            isConfigurationIncomplete: true
        )
    }

    static func missingWorkItemType(configurationName: String) -> TicketContentError {
        TicketContentError(
            field: "workItemType",
            message: "Configuration \"\(configurationName)\" has no work item type: set one with configure, "
                + "or pass workItemType to createTickets.",
            isConfigurationIncomplete: true
        )
    }

    static let noVulnerabilities = TicketContentError(
        field: "vulnerabilityIds",
        message: "A bulk work item needs at least one vulnerability: pass one or more vulnerabilityIds.",
        isConfigurationIncomplete: false
    )
}
