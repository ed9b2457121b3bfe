import JSON

/// Who the token signs in as, and what kind of server answered (`connectionData`).
public struct TrackerConnectionInfo: Sendable, Equatable {
    public var user: TrackerIdentity
    /// `hosted` (Azure DevOps Services) or `onPremises` (Server / TFS); absent on old servers.
    public var deploymentType: String?
    public var instanceId: String?

    public init(user: TrackerIdentity, deploymentType: String?, instanceId: String?) {
        self.user = user
        self.deploymentType = deploymentType
        self.instanceId = instanceId
    }

    /// Reads `{authenticatedUser: {id, providerDisplayName, customDisplayName?, properties: {Account}}, ...}`.
    init?(json: JSONValue) {
        guard let user = json["authenticatedUser"] ?? json["authorizedUser"], user.objectValue != nil else {
            return nil
        }
        let account = user["properties"]?["Account"]?["$value"]?.stringValue ?? user["uniqueName"]?.stringValue
        let display = user["customDisplayName"]?.stringValue ?? user["providerDisplayName"]?.stringValue
            ?? user["displayName"]?.stringValue ?? account
        guard let display else { return nil }
        self.init(
            user: TrackerIdentity(id: user["id"]?.stringValue, displayName: display, uniqueName: account),
            deploymentType: json["deploymentType"]?.stringValue, instanceId: json["instanceId"]?.stringValue
        )
    }
}
