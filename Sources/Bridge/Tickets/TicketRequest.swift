import Domain

/// One work item to create: for which configuration, carrying which vulnerabilities, with which overrides.
struct TicketRequest {
    var configuration: Configuration
    /// One vulnerability, or several for a bulk work item, in the order they appear in it.
    var vulnerabilities: [Vulnerability]
    var bulk: Bool
    var overrides: TicketOverrides
    var origin: Ticket.Origin

    var scope: TicketScope {
        bulk ? .bulk(vulnerabilities) : .single(vulnerabilities[0])
    }
}
