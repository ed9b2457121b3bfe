/// One field a new work item gets: its reference name (e.g. `System.Title`) and value.
public struct WorkItemField: Sendable, Equatable {
    public var reference: String
    public var value: JSONPatchValue

    public init(_ reference: String, _ value: JSONPatchValue) {
        self.reference = reference
        self.value = value
    }
}
