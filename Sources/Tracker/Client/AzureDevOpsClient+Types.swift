import JSON

extension AzureDevOpsClient {
    /// The work item types of a project, each with whether it has Severity and Priority, and its states.
    public func workItemTypes(project: String) async throws -> [TrackerWorkItemType] {
        let operation = "list work item types of project \(project)"
        let reply = try await perform(TrackerCall(
            operation: operation, method: "GET", segments: [.name(project), "_apis", "wit", "workitemtypes"],
            query: [versionQuery], repeatable: true, needsWorkItemScope: true
        ))
        guard let values = reply.json["value"]?.arrayValue else {
            throw unexpectedReply(reply, operation: operation, expected: "a value array")
        }
        return try values.map { value in
            guard let type = TrackerWorkItemType(json: value) else {
                throw unexpectedReply(reply, operation: operation, expected: "work item types with a name")
            }
            return type
        }
    }
}
