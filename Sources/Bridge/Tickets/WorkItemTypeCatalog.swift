import Domain
import EventLoop
import JSONRPC
import Tracker

/// The work item types of each project, read from the tracker once and remembered for a few minutes, so a
/// thousand tickets ask the tracker once whether their type carries Severity or Priority.
///
/// Loop-confined. Lookups for the same project while one is under way wait for it instead of asking again.
final class WorkItemTypeCatalog {
    /// How long a project's types are trusted before they are read again.
    static let lifetimeMilliseconds: UInt64 = 5 * 60_000

    /// A type as the tracker names it, and which severity-carrying fields it has.
    struct ResolvedType: Equatable {
        var name: String
        var fields: WorkItemTypeFields
    }

    private struct Entry {
        var types: [TrackerWorkItemType]
        var fetchedAtMilliseconds: UInt64
    }

    private let loop: EventLoop
    private var entries: [String: Entry] = [:]
    private var lookups: [String: Task<[TrackerWorkItemType], Error>] = [:]

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// The type named `typeName` (compared without regard to case) in `project`.
    /// - Throws: NOT_FOUND when the project has no such type; the tracker's error when it cannot be read.
    func resolve(
        _ typeName: String, in project: String, configurationId: String, client: AzureDevOpsClient
    ) async throws -> ResolvedType {
        let types = try await types(of: project, configurationId: configurationId, client: client)
        guard let type = types.first(where: { $0.name.caseInsensitiveCompare(typeName) == .orderedSame }) else {
            let known = types.map(\.name).joined(separator: ", ")
            throw RPCError.notFound(
                "project \(project) has no work item type \"\(typeName)\" (it has: \(known)): "
                    + "pass one of those as workItemType or change the configuration"
            )
        }
        return ResolvedType(
            name: type.name, fields: WorkItemTypeFields(hasSeverity: type.hasSeverity, hasPriority: type.hasPriority)
        )
    }

    private func types(
        of project: String, configurationId: String, client: AzureDevOpsClient
    ) async throws -> [TrackerWorkItemType] {
        let key = configurationId + "\n" + project.lowercased()
        if let entry = entries[key], loop.nowMilliseconds &- entry.fetchedAtMilliseconds < Self.lifetimeMilliseconds {
            return entry.types
        }
        if let lookup = lookups[key] {
            return try await lookup.value
        }
        let lookup = Task(executorPreference: loop) { try await client.workItemTypes(project: project) }
        lookups[key] = lookup
        defer { lookups[key] = nil }
        let types = try await lookup.value
        entries[key] = Entry(types: types, fetchedAtMilliseconds: loop.nowMilliseconds)
        return types
    }
}
