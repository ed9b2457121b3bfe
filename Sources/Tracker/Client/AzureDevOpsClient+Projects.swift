import JSON

extension AzureDevOpsClient {
    /// Projects per page when listing them.
    public static let projectPageSize = 100
    /// A listing stops after this many pages even if the server keeps offering more.
    static let maximumProjectPages = 10_000

    /// Every well-formed project of the collection, paging through all of them.
    ///
    /// Servers page in one of two ways: `$top`/`$skip` (read until a short page), or a continuation token
    /// returned in the `x-ms-continuationtoken` header and sent back as `continuationToken`. Both are
    /// followed. `progress` runs after each page.
    public func projects(
        pageSize: Int = AzureDevOpsClient.projectPageSize, progress: ((ProjectListingProgress) -> Void)? = nil
    ) async throws -> [TrackerProject] {
        var projects: [TrackerProject] = []
        var seen = Set<String>()
        var continuationToken: String?
        var skip = 0
        var pages = 0
        while pages < AzureDevOpsClient.maximumProjectPages {
            var query = [("$top", "\(pageSize)")]
            if let continuationToken {
                query.append(("continuationToken", continuationToken))
            } else {
                query.append(("$skip", "\(skip)"))
            }
            query += [("stateFilter", "WellFormed"), versionQuery]
            let operation = "list projects"
            let reply = try await perform(TrackerCall(
                operation: operation, method: "GET", segments: ["_apis", "projects"], query: query, repeatable: true
            ))
            guard let values = reply.json["value"]?.arrayValue else {
                throw unexpectedReply(reply, operation: operation, expected: "a value array")
            }
            let page = try values.map { value in
                guard let project = TrackerProject(json: value) else {
                    throw unexpectedReply(reply, operation: operation, expected: "projects with id and name")
                }
                return project
            }
            pages += 1
            let fresh = page.filter { seen.insert($0.id).inserted }
            projects += fresh
            progress?(ProjectListingProgress(fetched: projects.count, pages: pages))

            let nextToken = reply.response.headers["x-ms-continuationtoken"].flatMap { $0.isEmpty ? nil : $0 }
            if let nextToken {
                guard nextToken != continuationToken, !page.isEmpty else { break }
                continuationToken = nextToken
                continue
            }
            // A server that ignores paging repeats itself; stop once a page brings nothing new.
            guard continuationToken == nil, page.count >= pageSize, !fresh.isEmpty else { break }
            skip += page.count
        }
        return projects
    }
}
