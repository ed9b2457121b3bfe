import HTTP
import JSON

/// One REST call to the tracker as the client plans it, before retries: the route, the body, and whether
/// sending it twice is harmless.
struct TrackerCall {
    /// What the call does, in words for messages and logs: "list projects", "create a Bug in Fabrikam".
    var operation: String
    var method: String
    var segments: [RouteSegment]
    var query: [(String, String)] = []
    var body: JSONValue?
    var contentType = "application/json"
    /// Whether the call may be sent again after a failure that may have reached the tracker.
    var repeatable: Bool
    /// Whether the route needs the token's work item scope; a 401 there may mean a missing scope.
    var needsWorkItemScope = false
}
