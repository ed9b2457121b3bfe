/// What one `createTickets` call sets instead of the configuration's defaults. Blank values count as absent.
public struct TicketOverrides: Sendable, Equatable {
    public var project: String?
    public var workItemType: String?
    public var assignee: String?
    /// The title of a bulk work item; single work items always take the vulnerability's title.
    public var bulkTitle: String?

    public init(
        project: String? = nil, workItemType: String? = nil, assignee: String? = nil, bulkTitle: String? = nil
    ) {
        self.project = project
        self.workItemType = workItemType
        self.assignee = assignee
        self.bulkTitle = bulkTitle
    }
}
