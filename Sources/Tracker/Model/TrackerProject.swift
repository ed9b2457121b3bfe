import JSON

/// A project (team project) in the tracker's collection.
public struct TrackerProject: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var state: String?

    public init(id: String, name: String, description: String? = nil, state: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.state = state
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
        self.init(id: id, name: name, description: json["description"]?.stringValue, state: json["state"]?.stringValue)
    }
}
