import Domain

/// What applying a work item's state to its ticket did.
struct TicketStateApplication: Sendable {
    /// The ticket as stored afterwards.
    var ticket: Ticket
    /// False when the ticket already had that state: no status changed and no comment was written.
    var stateChanged: Bool
    /// The state the ticket had before.
    var previousState: String
    var changes: [VulnerabilityStatusChange]
    /// Why nothing changed, when `stateChanged` is false.
    var reason: String?
}
