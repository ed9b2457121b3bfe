import Foundation
import JSON

extension TrackerService {
    /// `PATCH` (1.x/2.x) or `POST` (3.0 and newer) `{project}/_apis/wit/workitems/${type}`.
    func createWorkItem(_ projectName: String, _ typeName: String, _ request: TrackerRequest) throws -> TrackerReply {
        if request.http.method == "POST" && !request.version.isAtLeast(3) {
            throw TrackerError.methodNotAllowed("POST")
        }
        try request.requirePatchContentType()
        let item = try collection.create(projectName: projectName, typeName: typeName, body: request.http.body,
                                         by: request.user)
        var reply = TrackerReply.json(rendering(for: request.version).workItem(item))
        reply.createdWorkItem = true
        return reply
    }

    /// `PATCH _apis/wit/workitems/{id}`, with `test /rev` guarding concurrent edits.
    func updateWorkItem(_ id: Int, _ request: TrackerRequest) throws -> TrackerReply {
        try request.requirePatchContentType()
        let item = try collection.update(id: id, body: request.http.body, by: request.user)
        return .json(rendering(for: request.version).workItem(item))
    }

    /// `DELETE _apis/wit/workitems/{id}`: to the recycle bin.
    func deleteWorkItem(_ id: Int, _ request: TrackerRequest) throws -> TrackerReply {
        let item = try collection.delete(id: id)
        return .json([
            "id": .number(JSONNumber(item.id)),
            "type": .string(item.type.name),
            "name": .string(item.title),
            "project": .string(item.project.name),
            "deletedDate": .string(TrackerClock.now()),
            "deletedBy": .string(request.user.combinedName),
            "code": 200,
            "url": .string("\(collectionURL)/_apis/wit/recycleBin/\(item.id)"),
        ])
    }

    /// `GET _apis/wit/workitems/{id}`.
    func readWorkItem(_ id: Int, _ request: TrackerRequest) throws -> TrackerReply {
        let item = try collection.liveWorkItem(id)
        return .json(rendering(for: request.version).workItem(item, fieldNames: fieldNames(request)))
    }

    /// `GET _apis/wit/workitems?ids=1,2,3[&fields=...][&errorPolicy=omit]`: at most 200 ids.
    func readWorkItems(_ request: TrackerRequest) throws -> TrackerReply {
        guard let list = request.query("ids"), !list.isEmpty else {
            throw TrackerError.invalidArgument("The ids parameter is required: give up to "
                + "\(TrackerService.maximumWorkItemsPerRead) work item ids separated by commas.")
        }
        let ids = try list.split(separator: ",").map { text -> Int in
            guard let id = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw TrackerError.invalidArgument("The work item id '\(text)' is not a number.")
            }
            return id
        }
        guard ids.count <= TrackerService.maximumWorkItemsPerRead else {
            throw TrackerError.tooManyIDs(ids.count, limit: TrackerService.maximumWorkItemsPerRead)
        }

        let omitMissing = request.query("errorPolicy")?.lowercased() == "omit"
        let rendering = rendering(for: request.version)
        let names = fieldNames(request)
        let values: [JSONValue] = try ids.map { id in
            do {
                return rendering.workItem(try collection.liveWorkItem(id), fieldNames: names)
            } catch let error as TrackerError where omitMissing && error.status == 404 {
                return .null
            }
        }
        return .json(TrackerRendering.list(values))
    }

    /// `GET _apis/wit/workitems/{id}/revisions`.
    func revisions(_ id: Int, _ request: TrackerRequest) throws -> TrackerReply {
        let item = try collection.liveWorkItem(id)
        let rendering = rendering(for: request.version)
        return .json(TrackerRendering.list(item.revisions.map { rendering.workItem(item, revision: $0) }))
    }

    private func fieldNames(_ request: TrackerRequest) -> [String]? {
        guard let list = request.query("fields"), !list.isEmpty else { return nil }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
