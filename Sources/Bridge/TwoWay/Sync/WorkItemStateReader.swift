import Tracker

/// Reads the current state of work items, telling apart the ones that no longer exist.
///
/// The tracker answers a read of several ids with 404 (`TF401232`) when one of them is deleted, without
/// saying which; the reader then splits the batch until each missing id stands alone, so one deleted work
/// item costs a few extra reads instead of failing the whole sync.
struct WorkItemStateReader {
    let client: AzureDevOpsClient

    /// Reads `ids` (at most `AzureDevOpsClient.workItemBatchSize` per call).
    func read(_ ids: [Int]) async throws -> WorkItemReadout {
        var readout = WorkItemReadout()
        do {
            for item in try await client.workItems(ids: ids) {
                readout.items[item.id] = item
            }
        } catch let error as TrackerError where Self.reportsMissingWorkItem(error) {
            guard ids.count > 1 else {
                readout.missing = Set(ids)
                return readout
            }
            let middle = ids.count / 2
            for half in [Array(ids[..<middle]), Array(ids[middle...])] {
                let part = try await read(half)
                readout.items.merge(part.items) { first, _ in first }
                readout.missing.formUnion(part.missing)
            }
        }
        return readout
    }

    /// Whether the tracker says a work item of the request does not exist (rather than, say, that the
    /// collection URL is wrong, which must fail the sync instead of marking every work item deleted).
    static func reportsMissingWorkItem(_ error: TrackerError) -> Bool {
        guard error.status == .notFound, let upstream = error.upstream else { return false }
        return upstream.typeKey == "WorkItemUnauthorizedAccessException"
            || upstream.message?.contains("TF401232") == true
    }
}
