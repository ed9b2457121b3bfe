import HTTP
import JSON

/// A successful reply: the raw response (for headers such as `x-ms-continuationtoken`) and its JSON.
struct TrackerReply {
    var response: HTTPResponse
    var json: JSONValue
}
