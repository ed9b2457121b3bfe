/// What one fresh tracker event does: the ticket's new state and, for each linked vulnerability, its new
/// status or the reason it keeps it.
public struct StatusDecision: Sendable, Equatable {
    /// The state to record on the ticket.
    public var ticketState: String
    /// Whether the ticket counts as open in that state.
    public var ticketOpen: Bool
    /// False when the ticket already had this state: nothing to apply and no comments to write.
    public var stateChanged: Bool
    /// Why nothing applies, when `stateChanged` is false.
    public var ignoredReason: String?
    /// One entry per linked vulnerability, in the order given; empty when the state did not change.
    public var vulnerabilities: [VulnerabilityStatusDecision]

    public init(
        ticketState: String, ticketOpen: Bool, stateChanged: Bool, ignoredReason: String?,
        vulnerabilities: [VulnerabilityStatusDecision]
    ) {
        self.ticketState = ticketState
        self.ticketOpen = ticketOpen
        self.stateChanged = stateChanged
        self.ignoredReason = ignoredReason
        self.vulnerabilities = vulnerabilities
    }

    /// The vulnerabilities whose status changes.
    public var changes: [VulnerabilityStatusDecision] {
        vulnerabilities.filter { $0.to != nil }
    }
}
