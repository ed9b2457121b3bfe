import Domain
import JSON

/// A work item as the tracker returns it: id, revision, fields and links. Field values are kept as JSON so
/// that identity fields may be strings (older replies) or objects (newer ones).
public struct WorkItem: Sendable, Equatable {
    public var id: Int
    public var rev: Int
    public var fields: JSONObject
    /// The REST URL of the work item.
    public var url: String?
    /// The work item's web page (`_links.html.href`), when the reply has links.
    public var webURL: String?

    public init(id: Int, rev: Int, fields: JSONObject, url: String? = nil, webURL: String? = nil) {
        self.id = id
        self.rev = rev
        self.fields = fields
        self.url = url
        self.webURL = webURL
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.intValue else { return nil }
        let fields = json["fields"]?.objectValue ?? JSONObject()
        let rev = json["rev"]?.intValue ?? fields[WorkItemFieldReference.rev]?.intValue ?? 0
        self.init(
            id: id, rev: rev, fields: fields, url: json["url"]?.stringValue,
            webURL: json["_links"]?["html"]?["href"]?.stringValue
        )
    }

    public var title: String? { fields[WorkItemFieldReference.title]?.stringValue }
    public var state: String? { fields[WorkItemFieldReference.state]?.stringValue }
    public var workItemType: String? { fields[WorkItemFieldReference.workItemType]?.stringValue }
    public var project: String? { fields[WorkItemFieldReference.teamProject]?.stringValue }

    /// `System.Tags` split on `;`, trimmed.
    public var tags: [String] {
        guard let text = fields[WorkItemFieldReference.tags]?.stringValue else { return [] }
        return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public var assignedTo: TrackerIdentity? {
        fields[WorkItemFieldReference.assignedTo].flatMap(TrackerIdentity.init(json:))
    }

    public var changedBy: TrackerIdentity? {
        fields[WorkItemFieldReference.changedBy].flatMap(TrackerIdentity.init(json:))
    }
}
