/// `listTickets` params: both filters are optional.
struct ListTicketsParams: Decodable {
    var configurationId: String?
    var vulnerabilityId: String?
}
