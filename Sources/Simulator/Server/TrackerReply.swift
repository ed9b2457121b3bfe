import HTTP
import JSON

/// What a tracker route answers: a status, a JSON body and extra headers.
struct TrackerReply {
    var status: Int
    var body: JSONValue?
    var headers: [(String, String)] = []
    /// Set on a successful create, which the "hold the next create" fault may hold back.
    var createdWorkItem = false

    static func json(_ body: JSONValue, status: Int = 200) -> TrackerReply {
        TrackerReply(status: status, body: body)
    }

    init(status: Int, body: JSONValue?, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    init(_ error: TrackerError) {
        self.init(status: error.status, body: error.envelope, headers: error.headers)
    }
}
