/// Whether one of a vulnerability's tickets, in any configuration, is open.
public struct LinkedTicketState: Sendable, Equatable {
    public var ticketId: String
    public var configurationId: String
    public var workItemId: Int
    public var open: Bool

    public init(ticketId: String, configurationId: String, workItemId: Int, open: Bool) {
        self.ticketId = ticketId
        self.configurationId = configurationId
        self.workItemId = workItemId
        self.open = open
    }

    public init(_ ticket: Ticket) {
        self.init(
            ticketId: ticket.id, configurationId: ticket.configurationId, workItemId: ticket.workItemId,
            open: ticket.open)
    }
}
