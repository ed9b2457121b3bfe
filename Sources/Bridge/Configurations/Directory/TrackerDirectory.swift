import Domain
import JSON
import JSONRPC
import Logging
import Tracker

/// What an administrator picks from when completing a configuration (SPEC §1 step 3): the tracker's
/// projects, a project's work item types (with whether they carry Severity or Priority), and a team's
/// members as possible assignees. Loop-confined.
final class TrackerDirectory {
    static let maximumNameLength = 256

    private let environment: BridgeEnvironment
    private let configurations: ConfigurationService

    init(environment: BridgeEnvironment, configurations: ConfigurationService) {
        self.environment = environment
        self.configurations = configurations
    }

    /// `{projects: [{id, name}]}`, every project of the collection; progress after each page.
    func projects(_ params: JSONValue, context: CallContext) async throws -> JSONValue {
        let reader = ParamsReader(params)
        let configuration = try readConfiguration(reader, method: "listProjects")
        let client = try environment.trackers.client(for: configuration)
        let projects = try await client.projects(progress: ProjectListingReporter(context: context).report)
        return ["projects": .array(projects.map(ConnectionTestReport.json))]
    }

    /// `{workItemTypes: [{name, hasSeverity, hasPriority, states?}]}` of `project` (default: the
    /// configuration's).
    func workItemTypes(_ params: JSONValue, context: CallContext) async throws -> JSONValue {
        let reader = ParamsReader(params)
        let projectParam = reader.string("project", maxLength: TrackerDirectory.maximumNameLength).given
        let configuration = try readConfiguration(reader, method: "listWorkItemTypes")
        let project = try TrackerDirectory.project(projectParam, of: configuration)
        let types = try await environment.trackers.client(for: configuration).workItemTypes(project: project)
        return ["workItemTypes": .array(types.map(TrackerDirectory.json))]
    }

    /// `{assignees: [{displayName, uniqueName}]}`: the members of `team` (default: the configuration's team,
    /// else the project's default team `<project> Team`) in `project` (default: the configuration's).
    func assignees(_ params: JSONValue, context: CallContext) async throws -> JSONValue {
        let reader = ParamsReader(params)
        let projectParam = reader.string("project", maxLength: TrackerDirectory.maximumNameLength).given
        let teamParam = reader.string("team", maxLength: TrackerDirectory.maximumNameLength).given
        let configuration = try readConfiguration(reader, method: "listAssignees")
        let project = try TrackerDirectory.project(projectParam, of: configuration)
        let team = teamParam ?? configuration.team ?? "\(project) Team"
        let members = try await environment.trackers.client(for: configuration)
            .teamMembers(project: project, team: team)
        return ["assignees": .array(members.map(TrackerDirectory.json))]
    }

    // MARK: - Helpers

    /// Reads `configurationId` (and rejects unknown members, so call it after the method's other reads).
    private func readConfiguration(_ reader: ParamsReader, method: String) throws -> Configuration {
        let id = reader.string("configurationId", required: true, maxLength: ConfigureRequest.maximumIDLength)
        reader.rejectUnknownMembers()
        try reader.report.throwIfAny("\(method) was not run")
        return try configurations.liveConfiguration(id.given ?? "", field: "configurationId")
    }

    private static func project(_ given: String?, of configuration: Configuration) throws -> String {
        if let given { return given }
        if let project = configuration.project, !project.isEmpty { return project }
        throw RPCError(
            .failedPrecondition,
            "configuration \(configuration.id) has no project: pass project, or configure one "
                + "(listProjects shows them)",
            fieldViolations: [FieldViolation(field: "project", description: "is required: the configuration has none")]
        )
    }

    private static func json(_ type: TrackerWorkItemType) -> JSONValue {
        var object = JSONObject()
        object.append(key: "name", value: .string(type.name))
        object.append(key: "hasSeverity", value: .bool(type.hasSeverity))
        object.append(key: "hasPriority", value: .bool(type.hasPriority))
        if !type.states.isEmpty { object.append(key: "states", value: .array(type.states.map(JSONValue.string))) }
        return .object(object)
    }

    private static func json(_ identity: Tracker.TrackerIdentity) -> JSONValue {
        var object = JSONObject()
        object.append(key: "displayName", value: .string(identity.displayName))
        object.append(key: "uniqueName", value: .string(identity.uniqueName ?? identity.displayName))
        return .object(object)
    }
}
