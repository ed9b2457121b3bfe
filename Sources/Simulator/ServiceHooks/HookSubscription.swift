import Foundation
import JSON

/// A service-hook subscription with the Web Hooks consumer: which work item events to send where.
/// Loop-confined (its status changes as deliveries fail and succeed).
final class HookSubscription {
    /// The real server's subscription states.
    enum Status: String {
        case enabled
        /// A delivery failed for good: only that notification is retried, new events are dropped.
        case onProbation
        case disabledBySystem
        case disabledByUser
    }

    static let supportedEvents: Set = ["workitem.created", "workitem.updated", "workitem.deleted",
                                       "workitem.restored"]

    let id: String
    let eventType: String
    /// `1.0`, `1.0-preview.2` (old/new values as strings) or `5.1-preview.3` (identities as objects).
    let resourceVersion: String
    let url: String
    /// The `httpHeaders` input, one `Key: value` per line, parsed.
    let httpHeaders: [(String, String)]
    let basicAuthUsername: String?
    let basicAuthPassword: String?
    let publisherInputs: JSONObject
    let createdDate = TrackerClock.now()
    var status = Status.enabled
    /// Probation retries made for the notification at the head of the queue.
    var probationAttempts = 0

    init(id: String, eventType: String, resourceVersion: String, url: String, httpHeaders: [(String, String)],
         basicAuthUsername: String?, basicAuthPassword: String?, publisherInputs: JSONObject) {
        self.id = id
        self.eventType = eventType
        self.resourceVersion = resourceVersion
        self.url = url
        self.httpHeaders = httpHeaders
        self.basicAuthUsername = basicAuthUsername
        self.basicAuthPassword = basicAuthPassword
        self.publisherInputs = publisherInputs
    }

    /// Reads the body of `POST _apis/hooks/subscriptions`.
    /// - Throws: `TrackerError` 400 naming what is missing or unsupported.
    static func parse(_ body: JSONValue, id: String) throws -> HookSubscription {
        let publisher = body["publisherId"]?.stringValue ?? "tfs"
        guard publisher == "tfs" else { throw TrackerError.invalidSubscription("publisherId must be tfs.") }
        guard let eventType = body["eventType"]?.stringValue, supportedEvents.contains(eventType) else {
            throw TrackerError.invalidSubscription("eventType must be one of \(supportedEvents.sorted()).")
        }
        let consumer = body["consumerId"]?.stringValue ?? "webHooks"
        let action = body["consumerActionId"]?.stringValue ?? "httpRequest"
        guard consumer == "webHooks", action == "httpRequest" else {
            throw TrackerError.invalidSubscription("Only consumerId webHooks with consumerActionId httpRequest "
                + "is simulated.")
        }
        let inputs = body["consumerInputs"]
        guard let url = inputs?["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw TrackerError.invalidSubscription("consumerInputs.url must be an http or https URL.")
        }
        guard isLoopback(url) else {
            throw TrackerError.invalidSubscription("consumerInputs.url must point at 127.0.0.1, ::1 or localhost: "
                + "the simulator delivers on loopback only.")
        }
        let version = body["resourceVersion"]?.stringValue ?? "1.0"
        guard ["1.0", "5.1-preview.3"].contains(version) || version.hasPrefix("1.0-preview") else {
            throw TrackerError.invalidSubscription("resourceVersion \(version) is not simulated; use 1.0, "
                + "1.0-preview.2 or 5.1-preview.3.")
        }
        return HookSubscription(
            id: id, eventType: eventType, resourceVersion: version, url: url,
            httpHeaders: parseHeaders(inputs?["httpHeaders"]?.stringValue ?? ""),
            basicAuthUsername: inputs?["basicAuthUsername"]?.stringValue,
            basicAuthPassword: inputs?["basicAuthPassword"]?.stringValue,
            publisherInputs: body["publisherInputs"]?.objectValue ?? [:]
        )
    }

    /// Whether the URL's host is a loopback address.
    private static func isLoopback(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else {
            return false
        }
        return ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host)
    }

    private static func parseHeaders(_ text: String) -> [(String, String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : (name, value)
        }
    }

    /// Whether the event passes the publisher filters (project, work item type, area path, changed fields).
    func accepts(_ event: WorkItemEvent, changedFields: [String]) -> Bool {
        guard event.eventType == eventType else { return false }
        let item = event.workItem
        if let project = publisherInputs["projectId"]?.stringValue, !project.isEmpty,
           project.lowercased() != item.project.id.lowercased(),
           project.lowercased() != item.project.name.lowercased() {
            return false
        }
        if let type = publisherInputs["workItemType"]?.stringValue, !type.isEmpty,
           type.lowercased() != item.type.name.lowercased() {
            return false
        }
        if let area = publisherInputs["areaPath"]?.stringValue, !area.isEmpty {
            let itemArea = (item.fields["System.AreaPath"]?.stringValue ?? "").lowercased()
            if itemArea != area.lowercased() && !itemArea.hasPrefix(area.lowercased() + "\\") { return false }
        }
        if case .updated = event, let wanted = publisherInputs["changedFields"]?.stringValue, !wanted.isEmpty {
            let names = wanted.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if !changedFields.contains(where: { names.contains($0.lowercased()) }) { return false }
        }
        return true
    }

    /// The subscription as the REST API shows it; the Basic auth password is never echoed.
    func json(collectionURL: String, createdBy: Identity) -> JSONValue {
        var consumerInputs: JSONObject = ["url": .string(url)]
        if !httpHeaders.isEmpty {
            consumerInputs["httpHeaders"] = .string(httpHeaders.map { "\($0.0): \($0.1)" }.joined(separator: "\n"))
        }
        if let basicAuthUsername { consumerInputs["basicAuthUsername"] = .string(basicAuthUsername) }
        if basicAuthPassword != nil { consumerInputs["basicAuthPassword"] = "********" }
        return [
            "id": .string(id),
            "url": .string("\(collectionURL)/_apis/hooks/subscriptions/\(id)"),
            "status": .string(status.rawValue),
            "publisherId": "tfs",
            "eventType": .string(eventType),
            "resourceVersion": .string(resourceVersion),
            "consumerId": "webHooks",
            "consumerActionId": "httpRequest",
            "publisherInputs": .object(publisherInputs),
            "consumerInputs": .object(consumerInputs),
            "createdBy": ["id": .string(createdBy.id), "displayName": .string(createdBy.displayName)],
            "createdDate": .string(createdDate),
            "modifiedDate": .string(createdDate),
        ]
    }
}
