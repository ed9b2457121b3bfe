/// One field a work item type carries: its reference name (`System.Title`), display name and value rules.
public struct FieldDefinition: Sendable {
    /// How values of the field are checked and shown.
    public enum Kind: String, Sendable {
        case string, integer, html, plainText, treePath, identity, dateTime, history
    }

    public let referenceName: String
    public let name: String
    public let kind: Kind
    /// Set by the server only; a patch that writes it is a rule error.
    public let readOnly: Bool
    public let alwaysRequired: Bool
    /// For pick lists (Severity, Priority); empty when any value goes.
    public let allowedValues: [String]

    init(
        _ referenceName: String, _ name: String, _ kind: Kind, readOnly: Bool = false, required: Bool = false,
        allowedValues: [String] = []
    ) {
        self.referenceName = referenceName
        self.name = name
        self.kind = kind
        self.readOnly = readOnly
        self.alwaysRequired = required
        self.allowedValues = allowedValues
    }

    static let severityValues = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"]
    static let priorityValues = ["1", "2", "3", "4"]

    /// The fields every type carries.
    static let common: [FieldDefinition] = [
        FieldDefinition("System.Id", "ID", .integer, readOnly: true),
        FieldDefinition("System.Rev", "Rev", .integer, readOnly: true),
        FieldDefinition("System.AreaPath", "Area Path", .treePath),
        FieldDefinition("System.IterationPath", "Iteration Path", .treePath),
        FieldDefinition("System.TeamProject", "Team Project", .string, readOnly: true),
        FieldDefinition("System.WorkItemType", "Work Item Type", .string, readOnly: true),
        FieldDefinition("System.State", "State", .string),
        FieldDefinition("System.Reason", "Reason", .string),
        FieldDefinition("System.AssignedTo", "Assigned To", .identity),
        FieldDefinition("System.CreatedDate", "Created Date", .dateTime, readOnly: true),
        FieldDefinition("System.CreatedBy", "Created By", .identity, readOnly: true),
        FieldDefinition("System.ChangedDate", "Changed Date", .dateTime, readOnly: true),
        FieldDefinition("System.ChangedBy", "Changed By", .identity, readOnly: true),
        FieldDefinition("System.CommentCount", "Comment Count", .integer, readOnly: true),
        FieldDefinition("System.Title", "Title", .string, required: true),
        FieldDefinition("System.Description", "Description", .html),
        FieldDefinition("System.Tags", "Tags", .plainText),
        FieldDefinition("System.History", "History", .history),
        FieldDefinition("Microsoft.VSTS.Common.StateChangeDate", "State Change Date", .dateTime, readOnly: true),
    ]

    static let priority = FieldDefinition(
        "Microsoft.VSTS.Common.Priority", "Priority", .integer, allowedValues: priorityValues
    )
    static let severity = FieldDefinition(
        "Microsoft.VSTS.Common.Severity", "Severity", .string, allowedValues: severityValues
    )
    static let reproSteps = FieldDefinition("Microsoft.VSTS.TCM.ReproSteps", "Repro Steps", .html)
}
