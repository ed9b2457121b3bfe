import Domain

/// `listTickets` result: tickets with a work item, oldest first.
struct ListTicketsResult: Encodable {
    var tickets: [Ticket]
}
