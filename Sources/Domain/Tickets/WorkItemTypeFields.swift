/// Which of the severity-carrying fields a work item type has, as `listWorkItemTypes` reads them from the
/// tracker. In the stock processes only Bug has Severity; Basic's Issue has neither.
public struct WorkItemTypeFields: Sendable, Equatable {
    public var hasSeverity: Bool
    public var hasPriority: Bool

    public init(hasSeverity: Bool, hasPriority: Bool) {
        self.hasSeverity = hasSeverity
        self.hasPriority = hasPriority
    }

    /// Reads the flags from a type's field reference names.
    public init(fieldReferences: some Sequence<String>) {
        let references = Set(fieldReferences)
        hasSeverity = references.contains(WorkItemFieldReference.severity)
        hasPriority = references.contains(WorkItemFieldReference.priority)
    }
}
