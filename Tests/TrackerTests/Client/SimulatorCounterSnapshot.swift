import JSON

/// The simulator's request counters, read through the admin API.
struct SimulatorCounterSnapshot {
    struct Request {
        var atMs: Int
        var method: String
        var route: String
        var status: Int
    }

    let json: JSONValue

    var totalRequests: Int { json["totalRequests"]?.intValue ?? -1 }
    var maximumConcurrentRequests: Int { json["maxConcurrentRequests"]?.intValue ?? -1 }

    var requests: [Request] {
        (json["requests"]?.arrayValue ?? []).map {
            Request(atMs: $0["atMs"]?.intValue ?? -1, method: $0["method"]?.stringValue ?? "",
                    route: $0["route"]?.stringValue ?? "", status: $0["status"]?.intValue ?? -1)
        }
    }

    /// Loop times at which the simulator sent a Retry-After, with its seconds.
    var retryAfterIssued: [(atMs: Int, seconds: Int)] {
        (json["retryAfterIssued"]?.arrayValue ?? []).map {
            ($0["atMs"]?.intValue ?? -1, $0["retryAfterSeconds"]?.intValue ?? -1)
        }
    }

    func requests(route: String, method: String? = nil) -> [Request] {
        requests.filter { $0.route == route && (method == nil || $0.method == method) }
    }
}
