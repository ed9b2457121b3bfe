import JSON

extension AzureDevOpsClient {
    /// Who the token signs in as, and whether the server is hosted or on premises.
    ///
    /// The route is called without `api-version`: newer servers only offer it as a preview version.
    public func connectionData() async throws -> TrackerConnectionInfo {
        let operation = "read connectionData"
        let reply = try await perform(TrackerCall(
            operation: operation, method: "GET", segments: ["_apis", "connectionData"], repeatable: true
        ))
        guard let info = TrackerConnectionInfo(json: reply.json) else {
            throw unexpectedReply(reply, operation: operation, expected: "an authenticatedUser")
        }
        return info
    }

    /// Whether the token may use work items: signs in with `connectionData`, then reads a work item. A 401
    /// on the second call after the first succeeded means the token lacks the "Work items (read and write)"
    /// scope; a 404 (no such work item) still proves access.
    ///
    /// - Throws: `TrackerError` when the token does not sign in at all, or the tracker cannot be reached.
    public func checkWorkItemAccess() async throws -> WorkItemAccess {
        _ = try await connectionData()
        do {
            _ = try await perform(TrackerCall(
                operation: "read a work item", method: "GET",
                segments: ["_apis", "wit", "workitems", .literal("\(AzureDevOpsClient.accessProbeWorkItemID)")],
                query: [versionQuery], repeatable: true, needsWorkItemScope: true
            ))
            return .granted
        } catch let error as TrackerError where error.status == .notFound {
            return .granted
        } catch let error as TrackerError where error.status == .permissionDenied && error.upstream?.httpStatus == 401 {
            return .missingScope
        }
    }

    /// Any id will do: the answer (the item, or 404) shows the token may read work items.
    static let accessProbeWorkItemID = 1
}
