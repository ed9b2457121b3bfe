import Domain

/// A ticket about to be created in the tracker, recorded as pending before the tracker is called.
public struct NewTicket: Sendable, Equatable {
    public var id: String
    public var configurationId: String
    /// The vulnerabilities it carries: one, or several for a bulk ticket (in this order).
    public var vulnerabilityIds: [String]
    public var project: String
    public var workItemType: String
    public var origin: Ticket.Origin
    /// The durable marker (a tag) that will go on the work item so a WIQL query can find it after a crash.
    public var marker: String

    public init(
        id: String, configurationId: String, vulnerabilityIds: [String], project: String, workItemType: String,
        origin: Ticket.Origin, marker: String
    ) {
        self.id = id
        self.configurationId = configurationId
        self.vulnerabilityIds = vulnerabilityIds
        self.project = project
        self.workItemType = workItemType
        self.origin = origin
        self.marker = marker
    }
}
