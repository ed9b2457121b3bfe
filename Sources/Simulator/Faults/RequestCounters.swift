import JSON

/// What the simulator has seen, for tests to check client behaviour: requests per route, the most
/// requests in flight at once, and when Retry-After was issued. Times are the event loop's monotonic
/// milliseconds. Loop-confined.
final class RequestCounters {
    /// One answered (or dropped) tracker request.
    struct Entry {
        let receivedAt: UInt64
        let method: String
        let path: String
        let route: String
        var status: Int
    }

    /// One Retry-After the simulator sent.
    struct RetryAfter {
        let issuedAt: UInt64
        let seconds: Int
        let route: String
        let status: Int
    }

    /// The request log keeps this many most recent entries.
    static let logCapacity = 10_000

    private(set) var totalRequests = 0
    private(set) var requestsByRoute: [String: Int] = [:]
    private(set) var inFlight = 0
    private(set) var maximumInFlight = 0
    private(set) var retryAfterIssued: [RetryAfter] = []
    private(set) var log: [Entry] = []

    func requestStarted() {
        inFlight += 1
        maximumInFlight = max(maximumInFlight, inFlight)
    }

    func requestFinished(_ entry: Entry) {
        inFlight -= 1
        totalRequests += 1
        let key = "\(entry.method) \(entry.route)"
        requestsByRoute[key, default: 0] += 1
        log.append(entry)
        if log.count > RequestCounters.logCapacity { log.removeFirst(log.count - RequestCounters.logCapacity) }
    }

    func retryAfterSent(_ record: RetryAfter) {
        retryAfterIssued.append(record)
    }

    func reset() {
        totalRequests = 0
        requestsByRoute = [:]
        maximumInFlight = inFlight
        retryAfterIssued = []
        log = []
    }

    func json(now: UInt64) -> JSONValue {
        var routes = JSONObject()
        for key in requestsByRoute.keys.sorted() {
            routes.append(key: key, value: .number(JSONNumber(requestsByRoute[key]!)))
        }
        let retries: [JSONValue] = retryAfterIssued.map {
            [
                "atMs": .number(JSONNumber($0.issuedAt)),
                "retryAfterSeconds": .number(JSONNumber($0.seconds)),
                "route": .string($0.route),
                "status": .number(JSONNumber($0.status)),
            ]
        }
        let requests: [JSONValue] = log.map {
            [
                "atMs": .number(JSONNumber($0.receivedAt)),
                "method": .string($0.method),
                "path": .string($0.path),
                "route": .string($0.route),
                "status": .number(JSONNumber($0.status)),
            ]
        }
        return [
            "nowMs": .number(JSONNumber(now)),
            "totalRequests": .number(JSONNumber(totalRequests)),
            "inFlight": .number(JSONNumber(inFlight)),
            "maxConcurrentRequests": .number(JSONNumber(maximumInFlight)),
            "requestsByRoute": .object(routes),
            "retryAfterIssued": .array(retries),
            "requests": .array(requests),
        ]
    }
}
