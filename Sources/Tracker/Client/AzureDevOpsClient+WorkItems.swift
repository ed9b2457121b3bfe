import Domain
import JSON

extension AzureDevOpsClient {
    /// The most ids the tracker reads in one call.
    public static let workItemBatchSize = 200

    /// Creates a work item from JSON Patch operations: PATCH for API versions 1.x and 2.x, POST for newer.
    ///
    /// - Parameter retrySafe: whether sending the request twice cannot create two work items (the caller
    ///   marks the work item and looks for the mark before creating again). When false, the call is
    ///   repeated only after failures the tracker never saw.
    public func createWorkItem(
        project: String, type: String, operations: [JSONPatchOperation], retrySafe: Bool = false
    ) async throws -> WorkItem {
        let operation = "create a \(type) in project \(project)"
        let reply = try await perform(TrackerCall(
            operation: operation, method: connection.createsWithPatch ? "PATCH" : "POST",
            segments: [.name(project), "_apis", "wit", "workitems", .literal("$" + CollectionURL.percentEncoded(type))],
            query: [versionQuery], body: .array(operations.map(AzureDevOpsClient.json(of:))),
            contentType: "application/json-patch+json", repeatable: retrySafe, needsWorkItemScope: true
        ))
        guard let item = WorkItem(json: reply.json) else {
            throw unexpectedReply(reply, operation: operation, expected: "a work item with an id")
        }
        return item
    }

    /// Reads work items by id, in calls of at most 200 ids, returned in the order asked (duplicates once).
    public func workItems(ids: [Int]) async throws -> [WorkItem] {
        var unique: [Int] = []
        var seen = Set<Int>()
        for id in ids where seen.insert(id).inserted { unique.append(id) }
        var items: [WorkItem] = []
        var start = 0
        while start < unique.count {
            let chunk = unique[start..<min(start + AzureDevOpsClient.workItemBatchSize, unique.count)]
            items += try await readWorkItems(Array(chunk))
            start += chunk.count
        }
        let position = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        return items.sorted { (position[$0.id] ?? .max) < (position[$1.id] ?? .max) }
    }

    private func readWorkItems(_ ids: [Int]) async throws -> [WorkItem] {
        let operation = "read \(ids.count) work item(s)"
        let reply = try await perform(TrackerCall(
            operation: operation, method: "GET", segments: ["_apis", "wit", "workitems"],
            query: [("ids", ids.map(String.init).joined(separator: ",")), versionQuery], repeatable: true,
            needsWorkItemScope: true
        ))
        guard let values = reply.json["value"]?.arrayValue else {
            throw unexpectedReply(reply, operation: operation, expected: "a value array")
        }
        return try values.compactMap { value in
            if value.isNull { return nil }
            guard let item = WorkItem(json: value) else {
                throw unexpectedReply(reply, operation: operation, expected: "work items with an id")
            }
            return item
        }
    }

    /// The ids of the project's work items whose tags contain `tag` (a WIQL query).
    public func queryByTag(project: String, tag: String) async throws -> [Int] {
        let operation = "query project \(project) for tag \(tag)"
        let literal = tag.replacingOccurrences(of: "'", with: "''")
        let query = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project "
            + "AND [System.Tags] CONTAINS '\(literal)' ORDER BY [System.Id]"
        let reply = try await perform(TrackerCall(
            operation: operation, method: "POST", segments: [.name(project), "_apis", "wit", "wiql"],
            query: [versionQuery], body: ["query": .string(query)], repeatable: true, needsWorkItemScope: true
        ))
        guard let values = reply.json["workItems"]?.arrayValue else {
            throw unexpectedReply(reply, operation: operation, expected: "a workItems array")
        }
        return try values.map { value in
            guard let id = value["id"]?.intValue else {
                throw unexpectedReply(reply, operation: operation, expected: "work item references with an id")
            }
            return id
        }
    }

    /// Adds an HTML comment to a work item's discussion (`System.History`). Not repeated after a failure
    /// the tracker may have seen, so a comment is never written twice.
    @discardableResult
    public func addComment(id: Int, html: String) async throws -> WorkItem {
        let operation = "comment on work item \(id)"
        let patch = JSONPatchOperation.add(field: "System.History", .string(html))
        let reply = try await perform(TrackerCall(
            operation: operation, method: "PATCH", segments: ["_apis", "wit", "workitems", .literal("\(id)")],
            query: [versionQuery], body: .array([AzureDevOpsClient.json(of: patch)]),
            contentType: "application/json-patch+json", repeatable: false, needsWorkItemScope: true
        ))
        guard let item = WorkItem(json: reply.json) else {
            throw unexpectedReply(reply, operation: operation, expected: "a work item with an id")
        }
        return item
    }

    static func json(of operation: JSONPatchOperation) -> JSONValue {
        var object = JSONObject()
        object.append(key: "op", value: .string(operation.op.rawValue))
        object.append(key: "path", value: .string(operation.path))
        switch operation.value {
        case .string(let text)?: object.append(key: "value", value: .string(text))
        case .int(let number)?: object.append(key: "value", value: .number(JSONNumber(number)))
        case nil: break
        }
        return .object(object)
    }
}
