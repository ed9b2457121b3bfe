import HTTP
import JSON

/// Answers the collection's REST routes from the in-memory collection. Loop-confined.
///
/// Route families live in extensions by topic (`TrackerService+Projects.swift`, ...). Each handler gets an
/// admitted request (token and version checked) and returns a reply or throws a `TrackerError`.
final class TrackerService {
    let configuration: SimulatorConfiguration
    let collection: TrackerCollection
    let hooks: HookDeliverer
    /// Set once the listener knows its port.
    var collectionURL = ""

    /// The largest `ids=` list the server reads at once.
    static let maximumWorkItemsPerRead = 200
    /// The page size of `GET _apis/projects` when `$top` is not given.
    static let defaultProjectPageSize = 100

    init(configuration: SimulatorConfiguration, collection: TrackerCollection, hooks: HookDeliverer) {
        self.configuration = configuration
        self.collection = collection
        self.hooks = hooks
    }

    func rendering(for version: APIVersion) -> TrackerRendering {
        TrackerRendering(collectionURL: collectionURL, collection: collection,
                         identitiesAsObjects: version.isAtLeast(5))
    }

    func handle(_ route: TrackerRoute, _ request: TrackerRequest) throws -> TrackerReply {
        let method = request.http.method
        switch (route, method) {
        case (.connectionData, "GET"): return connectionData(request)
        case (.projects, "GET"): return try projects(request)
        case (.project(let name), "GET"): return try project(name, request)
        case (.teams(let project), "GET"): return try teams(project, request)
        case (.teamMembers(let project, let team), "GET"): return try teamMembers(project, team, request)
        case (.workItemTypes(let project), "GET"): return try workItemTypes(project, request)
        case (.workItemType(let project, let type), "GET"): return try workItemType(project, type, request)
        case (.workItemTypeStates(let project, let type), "GET"): return try workItemTypeStates(project, type, request)
        case (.createWorkItem(let project, let type), "PATCH"), (.createWorkItem(let project, let type), "POST"):
            return try createWorkItem(project, type, request)
        case (.workItems, "GET"): return try readWorkItems(request)
        case (.workItem(let id), "GET"): return try readWorkItem(id, request)
        case (.workItem(let id), "PATCH"): return try updateWorkItem(id, request)
        case (.workItem(let id), "DELETE"): return try deleteWorkItem(id, request)
        case (.workItemRevisions(let id), "GET"): return try revisions(id, request)
        case (.wiql(let project), "POST"): return try wiql(project, request)
        case (.subscriptions, "GET"): return listSubscriptions(request)
        case (.subscriptions, "POST"): return try createSubscription(request)
        case (.subscription(let id), "GET"): return try readSubscription(id, request)
        case (.subscription(let id), "DELETE"): return try deleteSubscription(id, request)
        default: throw TrackerError.methodNotAllowed(method)
        }
    }

    /// `GET _apis/connectionData`: who the token belongs to and what kind of server this is.
    private func connectionData(_ request: TrackerRequest) -> TrackerReply {
        let user = request.user
        let identity: JSONValue = [
            "id": .string(user.id),
            "descriptor": .string("Microsoft.IdentityModel.Claims.ClaimsIdentity;\(user.uniqueName)"),
            "subjectDescriptor": .string("aad.\(user.id)"),
            "providerDisplayName": .string(user.displayName),
            "isActive": true,
            "properties": ["Account": ["$type": "System.String", "$value": .string(user.uniqueName)]],
            "resourceVersion": 2,
            "metaTypeId": 0,
        ]
        return .json([
            "authenticatedUser": identity,
            "authorizedUser": identity,
            "instanceId": .string(collection.collectionID),
            "deploymentId": "5d9e4c1b-0f1a-4d0b-9e5e-6f1c2b3a4d5e",
            "deploymentType": configuration.collectionPath.isEmpty ? "hosted" : "onPremises",
            "locationServiceData": [
                "serviceOwner": "00025394-6065-48ca-87d9-7f5672854ef7",
                "defaultAccessMappingMoniker": "PublicAccessMapping",
                "lastChangeId": 1,
                "lastChangeId64": 1,
            ],
        ])
    }

    /// The project, by name or id.
    func requireProject(_ nameOrID: String) throws -> Project {
        guard let project = collection.project(nameOrID) else { throw TrackerError.projectNotFound(nameOrID) }
        return project
    }

    /// A whole-number query parameter, or 400.
    func integerQuery(_ name: String, _ request: TrackerRequest) throws -> Int? {
        guard let text = request.query(name) else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw TrackerError.invalidArgument("The value of the query parameter \(name) ('\(text)') is not valid.")
        }
        return value
    }
}
