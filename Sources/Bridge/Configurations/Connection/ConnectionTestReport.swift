import JSON
import Tracker

/// What a passing connection test found: who the token signs in as, the kind of server, and every project.
struct ConnectionTestReport {
    let info: TrackerConnectionInfo
    let projects: [TrackerProject]
    let elapsedMilliseconds: UInt64

    var json: JSONValue {
        var user = JSONObject()
        user.append(key: "displayName", value: .string(info.user.displayName))
        if let uniqueName = info.user.uniqueName { user.append(key: "uniqueName", value: .string(uniqueName)) }

        var object = JSONObject()
        object.append(key: "reachable", value: true)
        object.append(key: "authenticated", value: true)
        object.append(key: "user", value: .object(user))
        if let deploymentType = info.deploymentType {
            object.append(key: "deploymentType", value: .string(deploymentType))
        }
        object.append(key: "workItemAccess", value: true)
        object.append(key: "projectCount", value: .number(JSONNumber(projects.count)))
        object.append(key: "projects", value: .array(projects.map(ConnectionTestReport.json)))
        object.append(key: "elapsedMs", value: .number(JSONNumber(elapsedMilliseconds)))
        return .object(object)
    }

    /// `{id, name}`, the shape `testConnection` and `listProjects` share.
    static func json(_ project: TrackerProject) -> JSONValue {
        ["id": .string(project.id), "name": .string(project.name)]
    }
}
