import Foundation

/// One work item in the tracker, linked to one or more vulnerabilities.
public struct Ticket: Codable, Sendable, Equatable {
    /// How the ticket came to be.
    public enum Origin: String, Codable, Sendable {
        case manual
        case auto
    }

    public var id: String
    public var configurationId: String
    public var workItemId: Int
    /// The work item's web page.
    public var url: String
    public var project: String
    public var workItemType: String
    /// The tracker's state name, e.g. `Active` or `Closed`.
    public var state: String
    public var open: Bool
    public var vulnerabilityIds: [String]
    public var origin: Origin
    public var createdAt: Date
    /// The newest work item revision the service has applied; older deliveries are stale.
    public var lastRevision: Int

    public init(
        id: String, configurationId: String, workItemId: Int, url: String, project: String,
        workItemType: String, state: String, open: Bool, vulnerabilityIds: [String], origin: Origin,
        createdAt: Date, lastRevision: Int
    ) {
        self.id = id
        self.configurationId = configurationId
        self.workItemId = workItemId
        self.url = url
        self.project = project
        self.workItemType = workItemType
        self.state = state
        self.open = open
        self.vulnerabilityIds = vulnerabilityIds
        self.origin = origin
        self.createdAt = createdAt
        self.lastRevision = lastRevision
    }
}
