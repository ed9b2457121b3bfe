import Domain
import JSON

/// A work item type of a project: whether it carries Severity and Priority, and its states.
public struct TrackerWorkItemType: Sendable, Equatable {
    public var name: String
    public var hasSeverity: Bool
    public var hasPriority: Bool
    /// State names in the tracker's order; empty when the server does not list them.
    public var states: [String]

    public init(name: String, hasSeverity: Bool, hasPriority: Bool, states: [String]) {
        self.name = name
        self.hasSeverity = hasSeverity
        self.hasPriority = hasPriority
        self.states = states
    }

    /// Reads a type from `fieldInstances` (older servers) or `fields` (newer), and its states from `states`
    /// (newer servers) or else from the keys and targets of `transitions`.
    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        let fieldList = (json["fieldInstances"]?.arrayValue ?? []) + (json["fields"]?.arrayValue ?? [])
        let flags = WorkItemTypeFields(fieldReferences: fieldList.compactMap { $0["referenceName"]?.stringValue })
        self.init(
            name: name, hasSeverity: flags.hasSeverity, hasPriority: flags.hasPriority,
            states: TrackerWorkItemType.states(in: json)
        )
    }

    private static func states(in json: JSONValue) -> [String] {
        var names: [String] = []
        func note(_ name: String?) {
            guard let name, !name.isEmpty, !names.contains(name) else { return }
            names.append(name)
        }
        if let listed = json["states"]?.arrayValue {
            for state in listed { note(state["name"]?.stringValue) }
            return names
        }
        for member in json["transitions"]?.objectValue ?? JSONObject() {
            note(member.key)
            for transition in member.value.arrayValue ?? [] { note(transition["to"]?.stringValue) }
        }
        return names
    }
}
