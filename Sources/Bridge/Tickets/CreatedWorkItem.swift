/// A work item the tracker created (or that a ticket adopts), waiting to be recorded on its ticket.
struct CreatedWorkItem {
    var ticketId: String
    var workItemId: Int
    /// The work item's web page.
    var url: String
    var state: String
    var open: Bool
    var revision: Int
}
