import JSON

/// A fault that applies to the next `remaining` tracker requests whose path contains `pathFilter`.
struct CountedFault {
    var remaining: Int
    var pathFilter: String?
    /// The HTTP status to answer with (429, 500, 503, 200 for a Retry-After warning...).
    var status: Int
    var retryAfterSeconds: Int

    func applies(to path: String) -> Bool {
        guard remaining > 0 else { return false }
        guard let pathFilter, !pathFilter.isEmpty else { return true }
        return path.lowercased().contains(pathFilter.lowercased())
    }

    /// Reads `{count, match?, status?, retryAfterSeconds?}`.
    static func parse(_ value: JSONValue, defaultStatus: Int, allowedStatuses: Set<Int>) throws -> CountedFault {
        guard let count = value["count"]?.intValue, count >= 0 else {
            throw AdminError("a fault needs \"count\": how many requests it applies to")
        }
        let status = value["status"]?.intValue ?? defaultStatus
        guard allowedStatuses.contains(status) else {
            throw AdminError("status \(status) is not one of \(allowedStatuses.sorted())")
        }
        return CountedFault(remaining: count, pathFilter: value["match"]?.stringValue, status: status,
                            retryAfterSeconds: value["retryAfterSeconds"]?.intValue ?? 1)
    }

    var json: JSONValue {
        [
            "remaining": .number(JSONNumber(remaining)),
            "match": pathFilter.map { .string($0) } ?? .null,
            "status": .number(JSONNumber(status)),
            "retryAfterSeconds": .number(JSONNumber(retryAfterSeconds)),
        ]
    }
}
