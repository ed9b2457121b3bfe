import JSON
import JSONRPC

/// The configuration methods of SPEC §5: `configure`, `getConfiguration`, `listConfigurations`,
/// `deleteConfiguration`, `testConnection`, `listProjects`, `listWorkItemTypes` and `listAssignees`.
///
/// Params are read as JSON and checked in full by each service, so that one reply names every bad field.
struct ConfigurationMethods: MethodGroup {
    let configurations: ConfigurationService
    let connections: ConnectionTester
    let directory: TrackerDirectory

    init(environment: BridgeEnvironment) {
        configurations = ConfigurationService(environment: environment)
        connections = ConnectionTester(environment: environment, configurations: configurations)
        directory = TrackerDirectory(environment: environment, configurations: configurations)
    }

    func register(on router: inout Router) {
        let configurations = configurations
        let connections = connections
        let directory = directory
        router.register("configure") { (params: JSONValue, context) in
            try await configurations.configure(params, context: context)
        }
        router.registerImmediate("getConfiguration") { (params: JSONValue, _) in try configurations.get(params) }
        router.registerImmediate("listConfigurations") { (params: JSONValue, _) in try configurations.list(params) }
        router.registerImmediate("deleteConfiguration") { (params: JSONValue, _) in
            try configurations.delete(params)
        }
        router.register("testConnection") { (params: JSONValue, context) in
            try await connections.test(params, context: context)
        }
        router.register("listProjects") { (params: JSONValue, context) in
            try await directory.projects(params, context: context)
        }
        router.register("listWorkItemTypes") { (params: JSONValue, context) in
            try await directory.workItemTypes(params, context: context)
        }
        router.register("listAssignees") { (params: JSONValue, context) in
            try await directory.assignees(params, context: context)
        }
    }
}
