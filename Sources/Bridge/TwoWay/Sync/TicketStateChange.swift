/// A ticket whose work item state `syncTickets` found changed.
struct TicketStateChange: Encodable, Sendable, Equatable {
    var ticketId: String
    var workItemId: Int
    var from: String
    var to: String
    /// The vulnerabilities whose status moved with it.
    var vulnerabilityChanges: [VulnerabilityStatusChange]
}
