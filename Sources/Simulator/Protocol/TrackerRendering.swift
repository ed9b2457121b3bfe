import JSON

/// Writes the simulator's objects in the JSON shapes of a given API version (or service-hook resource
/// version): identity fields as `Name <unique>` strings on old versions and as objects on newer ones.
struct TrackerRendering {
    let collectionURL: String
    let collection: TrackerCollection
    let identitiesAsObjects: Bool

    static let identityFields: Set = ["System.AssignedTo", "System.CreatedBy", "System.ChangedBy",
                                      "System.AuthorizedAs"]

    func workItemURL(_ id: Int) -> String { "\(collectionURL)/_apis/wit/workItems/\(id)" }

    func htmlURL(_ item: WorkItem) -> String {
        "\(collectionURL)/\(URLPath.encode(item.project.name))/_workitems/edit/\(item.id)"
    }

    /// A stored field value as the reader expects it.
    func fieldValue(_ name: String, _ value: JSONValue) -> JSONValue {
        guard identitiesAsObjects, TrackerRendering.identityFields.contains(name), let text = value.stringValue,
              let member = collection.member(matching: text)
        else { return value }
        return member.object(collectionURL: collectionURL)
    }

    func fields(_ stored: JSONObject, only wanted: [String]? = nil) -> JSONValue {
        var object = JSONObject()
        for member in stored {
            if let wanted, !wanted.contains(where: { $0.lowercased() == member.key.lowercased() }) { continue }
            object.append(key: member.key, value: fieldValue(member.key, member.value))
        }
        return .object(object)
    }

    /// The work item reply: `{id, rev, fields, relations?, _links, url}`.
    func workItem(_ item: WorkItem, revision: WorkItemRevision? = nil, fieldNames: [String]? = nil) -> JSONValue {
        let shown = revision ?? item.latest
        let url = workItemURL(item.id)
        var object: JSONObject = [
            "id": .number(JSONNumber(item.id)),
            "rev": .number(JSONNumber(shown.rev)),
            "fields": fields(shown.fields, only: fieldNames),
        ]
        if !shown.relations.isEmpty && fieldNames == nil { object["relations"] = .array(shown.relations) }
        let projectPath = "\(collectionURL)/\(item.project.id)/_apis/wit"
        object["_links"] = [
            "self": ["href": .string(url)],
            "workItemUpdates": ["href": .string("\(url)/updates")],
            "workItemRevisions": ["href": .string("\(url)/revisions")],
            "workItemComments": ["href": .string("\(url)/comments")],
            "html": ["href": .string(htmlURL(item))],
            "workItemType": ["href": .string("\(projectPath)/workItemTypes/\(URLPath.encode(item.type.name))")],
            "fields": ["href": .string("\(projectPath)/fields")],
        ]
        object["url"] = .string(revision == nil ? url : "\(url)/revisions/\(shown.rev)")
        return .object(object)
    }

    func project(_ project: Project) -> JSONValue {
        [
            "id": .string(project.id),
            "name": .string(project.name),
            "description": .string(project.description),
            "url": .string("\(collectionURL)/_apis/projects/\(project.id)"),
            "state": "wellFormed",
            "revision": 411,
            "visibility": "private",
            "lastUpdateTime": "2024-01-15T09:30:00.000Z",
        ]
    }

    /// `{count, value}` around a list, as every collection reply is.
    static func list(_ values: [JSONValue]) -> JSONValue {
        ["count": .number(JSONNumber(values.count)), "value": .array(values)]
    }
}
