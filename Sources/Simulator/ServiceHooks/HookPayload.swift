import Foundation
import JSON

/// Builds service-hook payloads the way the real server shapes them, per subscription resource version:
/// `1.0` (identities as `Name <unique>` strings), `1.0-preview.*` (also old/new values as strings) and
/// `5.1-preview.3` (identities as objects).
struct HookPayload {
    let collectionURL: String
    let collection: TrackerCollection
    let resourceVersion: String

    private var identitiesAsObjects: Bool { resourceVersion.hasPrefix("5.") }
    private var valuesAsStrings: Bool { resourceVersion.hasPrefix("1.0-preview") }

    private var rendering: TrackerRendering {
        TrackerRendering(collectionURL: collectionURL, collection: collection, identitiesAsObjects: identitiesAsObjects)
    }

    /// The whole envelope for one notification.
    func envelope(for event: WorkItemEvent, subscriptionID: String, notificationID: Int) -> JSONValue {
        let item = event.workItem
        let (text, detail) = messages(for: event)
        let html = "<a href=\"\(rendering.htmlURL(item))\">\(escaped(item.type.name)) #\(item.id)</a> "
            + escaped(String(text.drop { $0 != "(" }))
        return [
            "subscriptionId": .string(subscriptionID),
            "notificationId": .number(JSONNumber(notificationID)),
            "id": .string(UUIDText.random()),
            "eventType": .string(event.eventType),
            "publisherId": "tfs",
            "message": ["text": .string(text), "html": .string(html), "markdown": .string(text)],
            "detailedMessage": ["text": .string(detail), "html": .string(escaped(detail)), "markdown": .string(detail)],
            "resource": resource(for: event),
            "resourceVersion": .string(resourceVersion),
            "resourceContainers": [
                "collection": ["id": .string(collection.collectionID), "baseUrl": .string(collectionURL + "/")],
                "account": ["id": .string(collection.collectionID), "baseUrl": .string(collectionURL + "/")],
                "project": ["id": .string(item.project.id), "baseUrl": .string(collectionURL + "/")],
            ],
            "createdDate": .string(TrackerClock.now()),
        ]
    }

    /// The fields that differ between two revisions, as `{name: {oldValue, newValue}}`.
    static func changes(from previous: WorkItemRevision, to current: WorkItemRevision) -> [String] {
        var names: [String] = []
        for member in current.fields where previous.fields[member.key] != member.value { names.append(member.key) }
        for member in previous.fields where current.fields[member.key] == nil { names.append(member.key) }
        return names
    }

    private func resource(for event: WorkItemEvent) -> JSONValue {
        switch event {
        case .updated(let item, let previous):
            return updateResource(item, previous: previous, current: item.latest)
        case .deleted(let item):
            guard case .object(var object) = workItemResource(item) else { return .null }
            object["url"] = .string("\(collectionURL)/_apis/wit/recycleBin/\(item.id)")
            return .object(object)
        case .created(let item), .restored(let item):
            return workItemResource(item)
        }
    }

    private func workItemResource(_ item: WorkItem) -> JSONValue {
        guard case .object(var object) = rendering.workItem(item) else { return .null }
        object["fields"] = fields(item.fields)
        return .object(object)
    }

    private func updateResource(_ item: WorkItem, previous: WorkItemRevision, current: WorkItemRevision) -> JSONValue {
        var changed = JSONObject()
        for name in HookPayload.changes(from: previous, to: current) {
            var change = JSONObject()
            if let old = previous.fields[name] { change["oldValue"] = value(name, old) }
            if let new = current.fields[name] { change["newValue"] = value(name, new) }
            changed.append(key: name, value: .object(change))
        }
        changed["System.RevisedDate"] = ["oldValue": .string(TrackerClock.endOfTime),
                                         "newValue": .string(current.changedDate)]

        let itemURL = rendering.workItemURL(item.id)
        let updateURL = "\(itemURL)/updates/\(current.rev)"
        let editor = identitiesAsObjects ? current.changedBy.object(collectionURL: collectionURL)
            : legacyIdentity(current.changedBy)
        return [
            "id": .number(JSONNumber(current.rev)),
            "workItemId": .number(JSONNumber(item.id)),
            "rev": .number(JSONNumber(current.rev)),
            "revisedBy": editor,
            "revisedDate": .string(TrackerClock.endOfTime),
            "fields": .object(changed),
            "revision": [
                "id": .number(JSONNumber(item.id)),
                "rev": .number(JSONNumber(current.rev)),
                "fields": fields(current.fields),
                "url": .string("\(itemURL)/revisions/\(current.rev)"),
            ],
            "_links": [
                "self": ["href": .string(updateURL)],
                "workItemUpdates": ["href": .string("\(itemURL)/updates")],
                "parent": ["href": .string(itemURL)],
            ],
            "url": .string(updateURL),
        ]
    }

    /// The `revisedBy` shape of 1.0 payloads: an object whose `name` is the combined form.
    private func legacyIdentity(_ identity: Identity) -> JSONValue {
        guard case .object(var object) = identity.object(collectionURL: collectionURL) else { return .null }
        object["name"] = .string(identity.combinedName)
        return .object(object)
    }

    private func fields(_ stored: JSONObject) -> JSONValue {
        var object = JSONObject()
        for member in stored { object.append(key: member.key, value: rendering.fieldValue(member.key, member.value)) }
        return .object(object)
    }

    private func value(_ name: String, _ stored: JSONValue) -> JSONValue {
        let shaped = rendering.fieldValue(name, stored)
        guard valuesAsStrings else { return shaped }
        if let number = shaped.numberValue { return .string(number.text) }
        return shaped
    }

    private func messages(for event: WorkItemEvent) -> (text: String, detail: String) {
        let item = event.workItem
        let subject = "\(item.type.name) #\(item.id) (\(item.title))"
        switch event {
        case .created:
            return ("\(subject) created by \(item.latest.changedBy.displayName)", "\(subject) created.")
        case .updated(_, let previous):
            let who = item.latest.changedBy.displayName
            let oldState = previous.fields["System.State"]?.stringValue ?? ""
            let detail = oldState == item.state
                ? "\(subject) updated." : "State changed from \(oldState) to \(item.state)"
            return ("\(subject) updated by \(who)", detail)
        case .deleted:
            return ("\(subject) deleted", "\(subject) was moved to the recycle bin.")
        case .restored:
            return ("\(subject) restored", "\(subject) was restored from the recycle bin.")
        }
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
