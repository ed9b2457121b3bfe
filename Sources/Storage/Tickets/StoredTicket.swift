import Domain
import Foundation

/// A ticket as storage keeps it, in any lifecycle state. `ticket` gives the domain view once it is created.
public struct StoredTicket: Sendable, Equatable {
    public var id: String
    public var configurationId: String
    public var lifecycle: TicketLifecycle
    public var marker: String
    public var origin: Ticket.Origin
    public var project: String
    public var workItemType: String
    public var workItemId: Int?
    public var url: String?
    public var state: String?
    public var open: Bool
    public var lastRevision: Int
    public var failureReason: String?
    public var vulnerabilityIds: [String]
    public var createdAt: Date
    public var updatedAt: Date

    /// The domain ticket, or nil while the work item does not exist (pending or failed).
    public var ticket: Ticket? {
        guard lifecycle == .created, let workItemId else { return nil }
        return Ticket(
            id: id, configurationId: configurationId, workItemId: workItemId, url: url ?? "", project: project,
            workItemType: workItemType, state: state ?? "", open: open, vulnerabilityIds: vulnerabilityIds,
            origin: origin, createdAt: createdAt, lastRevision: lastRevision
        )
    }
}
