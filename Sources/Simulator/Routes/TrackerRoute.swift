/// The collection routes the simulator serves, matched from the path segments below the collection URL.
enum TrackerRoute {
    case connectionData
    case projects
    case project(String)
    case teams(project: String)
    case teamMembers(project: String, team: String)
    case workItemTypes(project: String)
    case workItemType(project: String, type: String)
    case workItemTypeStates(project: String, type: String)
    case createWorkItem(project: String, type: String)
    case workItems
    case workItem(Int)
    case workItemRevisions(Int)
    case wiql(project: String?)
    case subscriptions
    case subscription(String)
    /// The page a 302 for a rejected token points at.
    case signIn

    /// What a personal access token must grant for the route.
    enum Scope {
        /// Any valid token (connectionData, the sign-in page).
        case none
        case projectRead
        case workRead
        case workWrite
        case hooks
    }

    /// Segments are decoded; a work item type segment keeps its leading `$`.
    static func match(_ segments: [String]) -> TrackerRoute? {
        let lowered = segments.map { $0.lowercased() }
        switch lowered.count {
        case 1 where lowered[0] == "_signin":
            return .signIn
        case 2 where lowered == ["_apis", "connectiondata"]:
            return .connectionData
        case 2 where lowered == ["_apis", "projects"]:
            return .projects
        case 3 where lowered[0...1] == ["_apis", "projects"]:
            return .project(segments[2])
        case 4 where lowered[0...1] == ["_apis", "projects"] && lowered[3] == "teams":
            return .teams(project: segments[2])
        case 6 where lowered[0...1] == ["_apis", "projects"] && lowered[3] == "teams" && lowered[5] == "members":
            return .teamMembers(project: segments[2], team: segments[4])
        case 3 where lowered == ["_apis", "wit", "workitems"]:
            return .workItems
        case 3 where lowered == ["_apis", "wit", "wiql"]:
            return .wiql(project: nil)
        case 3 where lowered == ["_apis", "hooks", "subscriptions"]:
            return .subscriptions
        case 4 where lowered[0...2] == ["_apis", "hooks", "subscriptions"]:
            return .subscription(segments[3])
        default:
            return matchWorkItemRoutes(segments, lowered)
        }
    }

    private static func matchWorkItemRoutes(_ segments: [String], _ lowered: [String]) -> TrackerRoute? {
        // Collection-level work item routes, optionally prefixed by a project: [project] _apis wit workitems N
        let offset = lowered.first == "_apis" ? 0 : 1
        let project: String? = offset == 1 ? segments[0] : nil
        let rest = Array(lowered.dropFirst(offset))
        guard rest.count >= 3, rest[0...1] == ["_apis", "wit"] else { return nil }
        let original = Array(segments.dropFirst(offset))

        switch (rest.count, rest[2]) {
        case (3, "wiql"):
            return .wiql(project: project)
        case (3, "workitemtypes"):
            return project.map { .workItemTypes(project: $0) }
        case (4, "workitemtypes"):
            return project.map { .workItemType(project: $0, type: original[3]) }
        case (5, "workitemtypes") where rest[4] == "states":
            return project.map { .workItemTypeStates(project: $0, type: original[3]) }
        case (4, "workitems") where original[3].hasPrefix("$"):
            return project.map { .createWorkItem(project: $0, type: String(original[3].dropFirst())) }
        case (4, "workitems"):
            return Int(original[3]).map { .workItem($0) }
        case (5, "workitems") where rest[4] == "revisions":
            return Int(original[3]).map { .workItemRevisions($0) }
        default:
            return nil
        }
    }

    /// A stable name for counters: the route's template, e.g. `{project}/_apis/wit/workitems/${type}`.
    var template: String {
        switch self {
        case .connectionData: "_apis/connectionData"
        case .projects: "_apis/projects"
        case .project: "_apis/projects/{project}"
        case .teams: "_apis/projects/{project}/teams"
        case .teamMembers: "_apis/projects/{project}/teams/{team}/members"
        case .workItemTypes: "{project}/_apis/wit/workitemtypes"
        case .workItemType: "{project}/_apis/wit/workitemtypes/{type}"
        case .workItemTypeStates: "{project}/_apis/wit/workitemtypes/{type}/states"
        case .createWorkItem: "{project}/_apis/wit/workitems/${type}"
        case .workItems: "_apis/wit/workitems"
        case .workItem: "_apis/wit/workitems/{id}"
        case .workItemRevisions: "_apis/wit/workitems/{id}/revisions"
        case .wiql(let project): project == nil ? "_apis/wit/wiql" : "{project}/_apis/wit/wiql"
        case .subscriptions: "_apis/hooks/subscriptions"
        case .subscription: "_apis/hooks/subscriptions/{id}"
        case .signIn: "_signin"
        }
    }

    func scope(method: String) -> Scope {
        switch self {
        case .connectionData, .signIn: .none
        case .projects, .project, .teams, .teamMembers: .projectRead
        case .workItemTypes, .workItemType, .workItemTypeStates, .workItems, .workItemRevisions, .wiql: .workRead
        case .createWorkItem: .workWrite
        case .workItem: method == "GET" ? .workRead : .workWrite
        case .subscriptions, .subscription: .hooks
        }
    }
}

extension TrackerRoute.Scope {
    /// Whether a token with these scopes may use the route. `nil` scopes grant everything.
    func isGranted(by scopes: Set<String>?) -> Bool {
        guard let scopes else { return true }
        let work: Set = ["vso.work", "vso.work_write", "vso.work_full"]
        let workWrite: Set = ["vso.work_write", "vso.work_full"]
        switch self {
        case .none: return true
        case .projectRead: return !scopes.isDisjoint(with: work.union(["vso.project", "vso.project_write"]))
        case .workRead: return !scopes.isDisjoint(with: work)
        case .workWrite: return !scopes.isDisjoint(with: workWrite)
        case .hooks: return !scopes.isDisjoint(with: ["vso.hooks", "vso.hooks_write"])
        }
    }
}
