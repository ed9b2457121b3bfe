import JSON

extension TrackerService {
    /// `GET _apis/projects`: pages with `$top`/`$skip`, and on newer versions (or `--paging continuation`)
    /// also with `continuationToken`, announcing the next page in `x-ms-continuationtoken`.
    func projects(_ request: TrackerRequest) throws -> TrackerReply {
        let style = configuration.paging ?? (request.version.isAtLeast(5) ? .continuation : .skip)
        let top = try integerQuery("$top", request) ?? TrackerService.defaultProjectPageSize
        var start = try integerQuery("$skip", request) ?? 0
        if style == .continuation, let token = request.query("continuationToken") {
            guard let position = Int(token), position >= 0 else {
                throw TrackerError.invalidArgument("The continuation token '\(token)' is not valid.")
            }
            start = position
        }

        let all = collection.projects
        let page = start < all.count ? Array(all[start..<min(all.count, start + top)]) : []
        let rendering = rendering(for: request.version)
        var reply = TrackerReply.json(TrackerRendering.list(page.map(rendering.project)))
        let next = start + page.count
        if style == .continuation && next < all.count && !page.isEmpty {
            reply.headers.append(("x-ms-continuationtoken", String(next)))
        }
        return reply
    }

    /// `GET _apis/projects/{project}`.
    func project(_ nameOrID: String, _ request: TrackerRequest) throws -> TrackerReply {
        let project = try requireProject(nameOrID)
        guard case .object(var object) = rendering(for: request.version).project(project) else {
            return .json(.null)
        }
        object["defaultTeam"] = team(project)
        object["capabilities"] = [
            "processTemplate": ["templateName": .string(collection.process.rawValue)],
            "versioncontrol": ["sourceControlType": "Git"],
        ]
        return .json(.object(object))
    }

    /// `GET _apis/projects/{project}/teams`.
    func teams(_ nameOrID: String, _ request: TrackerRequest) throws -> TrackerReply {
        let project = try requireProject(nameOrID)
        return .json(TrackerRendering.list([team(project)]))
    }

    /// `GET _apis/projects/{project}/teams/{team}/members`: identities directly on 2.x, wrapped in
    /// `{identity}` on newer versions.
    func teamMembers(_ projectName: String, _ teamName: String, _ request: TrackerRequest) throws -> TrackerReply {
        let project = try requireProject(projectName)
        guard [project.teamName.lowercased(), project.teamID].contains(teamName.lowercased()) else {
            throw TrackerError.teamNotFound(teamName, project: project.name)
        }
        let top = try integerQuery("$top", request) ?? 100
        let skip = try integerQuery("$skip", request) ?? 0
        let members = collection.members.dropFirst(skip).prefix(top)
        let values: [JSONValue] = members.enumerated().map { index, member in
            let identity = member.object(collectionURL: collectionURL)
            guard request.version.isAtLeast(3) else { return identity }
            return ["identity": identity, "isTeamAdmin": .bool(index == 0 && skip == 0)]
        }
        return .json(TrackerRendering.list(values))
    }

    private func team(_ project: Project) -> JSONValue {
        [
            "id": .string(project.teamID),
            "name": .string(project.teamName),
            "url": .string("\(collectionURL)/_apis/projects/\(project.id)/teams/\(project.teamID)"),
            "description": "The default project team.",
            "identityUrl": .string("\(collectionURL)/_apis/Identities/\(project.teamID)"),
        ]
    }
}
