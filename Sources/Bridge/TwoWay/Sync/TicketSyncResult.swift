/// The answer to `syncTickets`.
struct TicketSyncResult: Encodable, Sendable {
    /// How many tickets were compared with their work items.
    var checked: Int
    var changed: [TicketStateChange]
}
