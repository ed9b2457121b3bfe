import Foundation

/// One service-hook delivery, normalised: who sent it (for duplicate detection) and either the work item
/// change it reports or why it is ignored.
public struct TrackerEvent: Sendable, Equatable {
    /// What the delivery means to the service.
    public enum Kind: Sendable, Equatable {
        /// A work item's state may have moved; the status rules decide what that means.
        case workItemChanged(WorkItemChange)
        /// Nothing to apply: another event type, or an update that leaves the state alone.
        case ignored(reason: String)
    }

    public var subscriptionId: String
    /// With `subscriptionId`, identifies the delivery: a repeat of an applied one is a duplicate.
    public var notificationId: String
    public var eventType: String
    public var resourceVersion: String?
    public var kind: Kind

    public init(
        subscriptionId: String, notificationId: String, eventType: String, resourceVersion: String?, kind: Kind
    ) {
        self.subscriptionId = subscriptionId
        self.notificationId = notificationId
        self.eventType = eventType
        self.resourceVersion = resourceVersion
        self.kind = kind
    }

    /// Reads a service-hook body.
    /// - Throws: `ServiceHookPayloadError` naming the field that is missing or malformed.
    public init(payload: Data) throws {
        let notification: ServiceHookNotification
        do {
            notification = try JSONDecoder().decode(ServiceHookNotification.self, from: payload)
        } catch let error as ServiceHookPayloadError {
            throw error
        } catch let error as DecodingError {
            throw ServiceHookPayloadError(decodingError: error)
        }
        try self.init(notification: notification)
    }

    /// Normalises a decoded notification.
    /// - Throws: `ServiceHookPayloadError` when a work item event lacks its work item id, revision or state.
    public init(notification: ServiceHookNotification) throws {
        subscriptionId = notification.subscriptionId
        notificationId = notification.notificationId
        eventType = notification.eventType
        resourceVersion = notification.resourceVersion

        switch (WorkItemEventType(rawValue: notification.eventType), notification.resource) {
        case (.updated, .update(let update)):
            kind = try Self.kind(of: update)
        case (.deleted, .workItem(let workItem)):
            kind = .workItemChanged(try Self.deletion(of: workItem))
        case (.restored, .workItem(let workItem)):
            kind = .workItemChanged(try Self.restoration(of: workItem))
        default:
            kind = .ignored(reason: "event type \(notification.eventType) does not move a work item's state")
        }
    }

    /// The change the delivery reports, unless it is ignored.
    public var workItemChange: WorkItemChange? {
        if case .workItemChanged(let change) = kind { return change }
        return nil
    }

    /// Why the delivery is ignored, if it is.
    public var ignoredReason: String? {
        if case .ignored(let reason) = kind { return reason }
        return nil
    }

    /// An update that changes `System.State` is a change; any other update is ignored.
    static func kind(of update: WorkItemUpdateResource) throws -> Kind {
        let workItemId = update.workItemId.flatMap { $0 > 0 ? $0 : nil }
            ?? update.revision?.id.flatMap { $0 > 0 ? $0 : nil }
            ?? WorkItemURL.workItemId(in: update.url)
            ?? WorkItemURL.workItemId(in: update.revision?.url)

        guard let stateChange = update.fields[WorkItemFieldReference.state] else {
            let changed = update.fields.keys.sorted().joined(separator: ", ")
            let subject = workItemId.map { "work item \($0)" } ?? "the work item"
            return .ignored(reason: "this update of \(subject) does not change System.State"
                + (changed.isEmpty ? "" : " (it changes \(changed))"))
        }

        guard let workItemId else { throw ServiceHookPayloadError.missing("resource.workItemId") }
        let revision = update.rev
            ?? update.revision?.rev
            ?? update.fields[WorkItemFieldReference.rev]?.newValue?.integer
        guard let revision else { throw ServiceHookPayloadError.missing("resource.rev") }
        guard let newState = stateChange.newValue?.text, !newState.isEmpty else {
            throw ServiceHookPayloadError.missing("resource.fields.System.State.newValue")
        }

        let changedBy = update.revisedBy
            ?? update.fields[WorkItemFieldReference.changedBy]?.newValue?.identity
            ?? update.revision?.fields[WorkItemFieldReference.changedBy]?.identity
        let title = update.fields[WorkItemFieldReference.title]?.newValue?.text
            ?? update.revision?.fields[WorkItemFieldReference.title]?.text
        return .workItemChanged(WorkItemChange(
            cause: .updated, workItemId: workItemId, revision: revision, newState: newState,
            oldState: stateChange.oldValue?.text, changedBy: changedBy, title: title
        ))
    }

    /// A deleted work item counts as `Removed`; the state it had becomes the old state.
    static func deletion(of workItem: WorkItemResource) throws -> WorkItemChange {
        let (workItemId, revision) = try identity(of: workItem)
        return WorkItemChange(
            cause: .deleted, workItemId: workItemId, revision: revision, newState: WorkItemChange.deletedState,
            oldState: workItem.state, changedBy: workItem.fields[WorkItemFieldReference.changedBy]?.identity,
            title: workItem.fields[WorkItemFieldReference.title]?.text
        )
    }

    /// A restored work item comes back in the state it had before deletion.
    static func restoration(of workItem: WorkItemResource) throws -> WorkItemChange {
        let (workItemId, revision) = try identity(of: workItem)
        guard let state = workItem.state, !state.isEmpty else {
            throw ServiceHookPayloadError.missing("resource.fields.System.State")
        }
        return WorkItemChange(
            cause: .restored, workItemId: workItemId, revision: revision, newState: state,
            oldState: WorkItemChange.deletedState,
            changedBy: workItem.fields[WorkItemFieldReference.changedBy]?.identity,
            title: workItem.fields[WorkItemFieldReference.title]?.text
        )
    }

    /// The id and revision of a work item resource, with the fallbacks old payloads need.
    static func identity(of workItem: WorkItemResource) throws -> (workItemId: Int, revision: Int) {
        let workItemId = workItem.id.flatMap { $0 > 0 ? $0 : nil } ?? WorkItemURL.workItemId(in: workItem.url)
        guard let workItemId else { throw ServiceHookPayloadError.missing("resource.id") }
        let revision = workItem.rev ?? workItem.fields[WorkItemFieldReference.rev]?.integer
        guard let revision else { throw ServiceHookPayloadError.missing("resource.rev") }
        return (workItemId, revision)
    }
}
