import JSON

extension TrackerService {
    /// `POST [{project}/]_apis/wit/wiql` with `{"query": "..."}`; `$top` caps the result.
    func wiql(_ projectName: String?, _ request: TrackerRequest) throws -> TrackerReply {
        if let projectName { _ = try requireProject(projectName) }
        guard let text = try request.jsonBody()["query"]?.stringValue else {
            throw TrackerError.invalidArgument("The request body must be {\"query\": \"SELECT ...\"}.")
        }
        let query = try WiqlParser.parse(text)
        let evaluator = WiqlEvaluator(collection: collection, projectName: projectName, user: request.user)
        var items = try evaluator.run(query)
        if let top = try integerQuery("$top", request) { items = Array(items.prefix(top)) }

        let rendering = rendering(for: request.version)
        let columns: [JSONValue] = try query.columns.map { try fieldReference(evaluator.referenceName($0)) }
        let sortColumns: [JSONValue] = try query.ordering.map {
            ["field": try fieldReference(evaluator.referenceName($0.field)), "descending": .bool($0.descending)]
        }
        return .json([
            "queryType": "flat",
            "queryResultType": "workItem",
            "asOf": .string(TrackerClock.now()),
            "columns": .array(columns),
            "sortColumns": .array(sortColumns),
            "workItems": .array(items.map {
                ["id": .number(JSONNumber($0.id)), "url": .string(rendering.workItemURL($0.id))]
            }),
        ])
    }

    private func fieldReference(_ referenceName: String) -> JSONValue {
        let name = collection.process.workItemTypes.lazy.compactMap { $0.field(referenceName)?.name }.first
        return [
            "referenceName": .string(referenceName),
            "name": .string(name ?? referenceName),
            "url": .string("\(collectionURL)/_apis/wit/fields/\(referenceName)"),
        ]
    }
}
