/// The body the tracker posts for one service-hook notification (SPEC §9):
/// `{subscriptionId, notificationId, id, eventType, publisherId, message, detailedMessage, resource,
/// resourceVersion, resourceContainers, createdDate}`.
///
/// Accepts every resource version the tracker sends (`1.0`, `1.0-preview.*`, `5.1-preview.*`), numbers sent
/// as strings, and identities sent as strings or objects. The resource is read only for the work item events
/// that can move a ticket's state.
public struct ServiceHookNotification: Sendable, Equatable, Decodable {
    public var subscriptionId: String
    /// A number in every known version; kept as text so that a string id compares equal to the number.
    public var notificationId: String
    /// The event's guid.
    public var eventId: String?
    public var eventType: String
    public var publisherId: String?
    public var resourceVersion: String?
    public var createdDate: String?
    public var resource: ServiceHookResource

    public init(
        subscriptionId: String, notificationId: String, eventId: String?, eventType: String,
        publisherId: String?, resourceVersion: String?, createdDate: String?, resource: ServiceHookResource
    ) {
        self.subscriptionId = subscriptionId
        self.notificationId = notificationId
        self.eventId = eventId
        self.eventType = eventType
        self.publisherId = publisherId
        self.resourceVersion = resourceVersion
        self.createdDate = createdDate
        self.resource = resource
    }

    /// - Throws: `ServiceHookPayloadError` naming the field when an identifying field is missing or a work
    ///   item event's resource is missing or mistyped.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subscriptionId = try Self.required(container.decodeLenientString(forKey: .subscriptionId), "subscriptionId")
        notificationId = try Self.required(container.decodeLenientString(forKey: .notificationId), "notificationId")
        eventType = try Self.required(container.decodeLenientString(forKey: .eventType), "eventType")
        eventId = try? container.decodeLenientString(forKey: .id)
        publisherId = try? container.decodeIfPresent(String.self, forKey: .publisherId)
        resourceVersion = try? container.decodeLenientString(forKey: .resourceVersion)
        createdDate = try? container.decodeIfPresent(String.self, forKey: .createdDate)

        guard let workItemEvent = WorkItemEventType(rawValue: eventType) else {
            resource = .unread
            return
        }
        guard container.contains(.resource), try !container.decodeNil(forKey: .resource) else {
            throw ServiceHookPayloadError.missing("resource")
        }
        switch workItemEvent {
        case .updated:
            resource = .update(try container.decode(WorkItemUpdateResource.self, forKey: .resource))
        case .deleted, .restored:
            resource = .workItem(try container.decode(WorkItemResource.self, forKey: .resource))
        }
    }

    private static func required(_ value: String?, _ field: String) throws -> String {
        guard let value, !value.isEmpty else { throw ServiceHookPayloadError.missing(field) }
        return value
    }

    private enum CodingKeys: String, CodingKey {
        case subscriptionId, notificationId, id, eventType, publisherId, resourceVersion, createdDate, resource
    }
}
