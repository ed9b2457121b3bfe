import Domain
import JSON

/// A configuration as callers see it: every setting with its effective value (defaults filled in), the
/// webhook URL while two-way is on, and what is still missing. Never the personal access token.
struct ConfigurationDocument {
    let configuration: Configuration
    /// The webhook URL, when two-way is on and a base URL is known.
    let webhookUrl: String?

    /// The settings still needed: the storage's list, plus `--public-url` while two-way is on without a URL.
    var missing: [String] {
        var missing = configuration.missingSettings
        if configuration.twoWay.enabled && webhookUrl == nil {
            missing.append(WebhookAddress.missingSetting)
        }
        return missing
    }

    var json: JSONValue {
        var object = JSONObject()
        object.append(key: "id", value: .string(configuration.id))
        object.append(key: "name", value: .string(configuration.name))
        object.append(key: "host", value: .string(configuration.host))
        object.appendIfPresent("username", configuration.username)
        object.append(key: "apiVersion", value: .string(configuration.apiVersion))
        object.append(key: "applications", value: .array(configuration.applications.map(JSONValue.string)))
        object.appendIfPresent("project", configuration.project)
        object.appendIfPresent("team", configuration.team)
        object.appendIfPresent("areaPath", configuration.areaPath)
        object.appendIfPresent("assignee", configuration.assignee)
        object.append(key: "workItemType", value: .string(configuration.workItemType))
        object.append(key: "severityMap", value: severityMap)
        object.append(key: "priorityMap", value: priorityMap)
        object.append(key: "titlePrefix", value: .bool(configuration.titlePrefix))
        object.append(key: "excludeSensitiveInfo", value: .bool(configuration.excludeSensitiveInfo))
        object.append(key: "tags", value: .array(configuration.tags.map(JSONValue.string)))
        object.append(key: "twoWay", value: twoWay)
        object.append(key: "autoCreate", value: autoCreate)
        object.append(key: "tls", value: tls)
        object.append(key: "revision", value: .number(JSONNumber(configuration.revision)))
        object.append(key: "createdAt", value: .string(ISO8601Timestamp.string(from: configuration.createdAt)))
        object.append(key: "updatedAt", value: .string(ISO8601Timestamp.string(from: configuration.updatedAt)))
        object.append(key: "missing", value: .array(missing.map(JSONValue.string)))
        if let test = configuration.lastConnectionTest {
            object.append(key: "lastConnectionTest", value: ConfigurationDocument.json(test))
        }
        return .object(object)
    }

    private var severityMap: JSONValue {
        .object(JSONObject(Severity.allCases.map {
            JSONObject.Member(key: $0.rawValue, value: .string(configuration.trackerSeverity(for: $0)))
        }))
    }

    private var priorityMap: JSONValue {
        .object(JSONObject(Severity.allCases.map {
            JSONObject.Member(key: $0.rawValue, value: .number(JSONNumber(configuration.trackerPriority(for: $0))))
        }))
    }

    private var twoWay: JSONValue {
        let settings = configuration.twoWay
        var object = JSONObject()
        object.append(key: "enabled", value: .bool(settings.enabled))
        object.append(key: "statusMapping", value: .object(JSONObject(settings.statusMapping.keys.sorted().map {
            JSONObject.Member(key: $0, value: .string(settings.statusMapping[$0]!.rawValue))
        })))
        object.append(key: "reopenStatus", value: .string(settings.reopenStatus.rawValue))
        if settings.enabled { object.appendIfPresent("webhookUrl", webhookUrl) }
        return .object(object)
    }

    private var autoCreate: JSONValue {
        let settings = configuration.autoCreate
        var object = JSONObject()
        object.append(key: "enabled", value: .bool(settings.enabled))
        object.append(key: "rules", value: .array(settings.rules.map(JSONValue.string)))
        object.append(key: "severities", value: .array(settings.severities.map { .string($0.rawValue) }))
        object.appendIfPresent("enabledAt", settings.enabledAt.map(ISO8601Timestamp.string(from:)))
        return .object(object)
    }

    private var tls: JSONValue {
        var object = JSONObject()
        object.appendIfPresent("caFile", configuration.tls.caFile)
        object.append(key: "insecureSkipVerify", value: .bool(configuration.tls.insecureSkipVerify))
        return .object(object)
    }

    static func json(_ test: ConnectionTestSummary) -> JSONValue {
        var object = JSONObject()
        object.append(key: "at", value: .string(ISO8601Timestamp.string(from: test.at)))
        object.append(key: "ok", value: .bool(test.ok))
        object.appendIfPresent("status", test.status)
        object.appendIfPresent("message", test.message)
        if let count = test.projectCount { object.append(key: "projectCount", value: .number(JSONNumber(count))) }
        return .object(object)
    }
}

extension JSONObject {
    /// Appends a string member only when there is a value: absent settings are left out, not `null`.
    fileprivate mutating func appendIfPresent(_ key: String, _ value: String?) {
        if let value { append(key: key, value: .string(value)) }
    }
}
