import JSON

extension AzureDevOpsClient {
    /// Members per page when listing a team.
    public static let teamMemberPageSize = 100
    static let maximumTeamMemberPages = 1_000

    /// The members of a project's team, in both reply shapes: 2.x lists identities
    /// (`{value: [identity]}`), newer versions wrap them (`{value: [{identity, isTeamAdmin}]}`).
    public func teamMembers(project: String, team: String) async throws -> [TrackerIdentity] {
        let operation = "list members of team \(team) in project \(project)"
        var members: [TrackerIdentity] = []
        var skip = 0
        for _ in 0..<AzureDevOpsClient.maximumTeamMemberPages {
            let pageSize = AzureDevOpsClient.teamMemberPageSize
            let reply = try await perform(TrackerCall(
                operation: operation, method: "GET",
                segments: ["_apis", "projects", .name(project), "teams", .name(team), "members"],
                query: [("$top", "\(pageSize)"), ("$skip", "\(skip)"), versionQuery], repeatable: true
            ))
            guard let values = reply.json["value"]?.arrayValue else {
                throw unexpectedReply(reply, operation: operation, expected: "a value array")
            }
            let page = try values.map { value in
                guard let member = TrackerIdentity(json: value["identity"] ?? value) else {
                    throw unexpectedReply(reply, operation: operation, expected: "identities with a display name")
                }
                return member
            }
            let fresh = page.filter { member in !members.contains(member) }
            members += fresh
            guard page.count >= pageSize, !fresh.isEmpty else { break }
            skip += page.count
        }
        return members
    }
}
