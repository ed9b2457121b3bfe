import Foundation

/// A bugtracker configuration: where the tracker is, which applications may use it, and how tickets look.
///
/// The personal access token is deliberately not a member: it is write-only, stored encrypted by the
/// storage layer, and never travels back to a caller.
public struct Configuration: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The collection URL, e.g. `https://dev.azure.com/org` or `http://tfs:8080/tfs/DefaultCollection`.
    public var host: String
    public var username: String?
    public var apiVersion: String
    /// Application ids allowed to send vulnerabilities through this configuration.
    public var applications: [String]
    public var project: String?
    public var team: String?
    public var areaPath: String?
    public var assignee: String?
    public var workItemType: String
    public var severityMap: [Severity: String]
    public var priorityMap: [Severity: Int]
    /// Whether titles start with `[application name] `.
    public var titlePrefix: Bool
    public var excludeSensitiveInfo: Bool
    public var tags: [String]
    public var twoWay: TwoWaySettings
    public var autoCreate: AutoCreateSettings
    public var tls: TLSSettings
    /// Increases on every update; `configure(expectedRevision:)` compares against it.
    public var revision: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// What must still be set before tickets can be created, e.g. `["project"]`. Empty when complete.
    public var missing: [String]
    /// The outcome of the last `testConnection` of this configuration, if any.
    public var lastConnectionTest: ConnectionTestSummary?

    public static let defaultAPIVersion = "2.0"
    public static let defaultWorkItemType = "Bug"

    public init(
        id: String, name: String, host: String, username: String? = nil,
        apiVersion: String = Configuration.defaultAPIVersion, applications: [String] = [],
        project: String? = nil, team: String? = nil, areaPath: String? = nil, assignee: String? = nil,
        workItemType: String = Configuration.defaultWorkItemType, severityMap: [Severity: String] = [:],
        priorityMap: [Severity: Int] = [:], titlePrefix: Bool = true, excludeSensitiveInfo: Bool = false,
        tags: [String] = [], twoWay: TwoWaySettings = TwoWaySettings(),
        autoCreate: AutoCreateSettings = AutoCreateSettings(), tls: TLSSettings = TLSSettings(),
        revision: Int = 1, createdAt: Date = Date(), updatedAt: Date = Date(),
        lastConnectionTest: ConnectionTestSummary? = nil
    ) {
        self.id = id
        self.name = name
        self.host = host
        self.username = username
        self.apiVersion = apiVersion
        self.applications = applications
        self.project = project
        self.team = team
        self.areaPath = areaPath
        self.assignee = assignee
        self.workItemType = workItemType
        self.severityMap = severityMap
        self.priorityMap = priorityMap
        self.titlePrefix = titlePrefix
        self.excludeSensitiveInfo = excludeSensitiveInfo
        self.tags = tags
        self.twoWay = twoWay
        self.autoCreate = autoCreate
        self.tls = tls
        self.revision = revision
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.missing = []
        self.lastConnectionTest = lastConnectionTest
        self.missing = missingSettings
    }

    /// The settings without which no ticket can be created.
    public var missingSettings: [String] {
        project == nil || project?.isEmpty == true ? ["project"] : []
    }

    /// Whether vulnerabilities of `applicationId` may be sent through this configuration.
    public func allows(applicationId: String) -> Bool {
        applications.contains(applicationId)
    }

    /// The tracker Severity value for a vulnerability severity, honouring `severityMap`.
    public func trackerSeverity(for severity: Severity) -> String {
        severityMap[severity] ?? severity.defaultTrackerSeverity
    }

    /// The tracker Priority value for a vulnerability severity, honouring `priorityMap`.
    public func trackerPriority(for severity: Severity) -> Int {
        priorityMap[severity] ?? severity.defaultTrackerPriority
    }
}

/// Two-way integration: tracker state changes flow back into vulnerability statuses.
public struct TwoWaySettings: Codable, Sendable, Equatable {
    public var enabled: Bool
    /// Tracker state → vulnerability status; states not listed are open.
    public var statusMapping: [String: VulnerabilityStatus]
    /// The status a closed vulnerability takes when its work item is reopened.
    public var reopenStatus: VulnerabilityStatus
    /// The URL to register in the tracker; present only while two-way is enabled. Carries the secret token.
    public var webhookUrl: String?

    public static let defaultStatusMapping: [String: VulnerabilityStatus] = [
        "Closed": .remediated, "Done": .remediated, "Resolved": .remediated, "Removed": .notAProblem,
    ]

    public init(
        enabled: Bool = false, statusMapping: [String: VulnerabilityStatus] = TwoWaySettings.defaultStatusMapping,
        reopenStatus: VulnerabilityStatus = .reported, webhookUrl: String? = nil
    ) {
        self.enabled = enabled
        self.statusMapping = statusMapping
        self.reopenStatus = reopenStatus
        self.webhookUrl = webhookUrl
    }

    /// The status a tracker state maps to, or nil when the state counts as open.
    public func closedStatus(forState state: String) -> VulnerabilityStatus? {
        guard let status = statusMapping[state], status.isClosed else { return nil }
        return status
    }
}

/// Automatic ticket creation for newly discovered vulnerabilities.
public struct AutoCreateSettings: Codable, Sendable, Equatable {
    public var enabled: Bool
    public var rules: [String]
    public var severities: [Severity]
    /// When auto-create was last switched on; vulnerabilities first seen before it are never auto-ticketed.
    public var enabledAt: Date?

    public static let defaultSeverities: [Severity] = [.critical, .high]

    public init(
        enabled: Bool = false, rules: [String] = [], severities: [Severity] = AutoCreateSettings.defaultSeverities,
        enabledAt: Date? = nil
    ) {
        self.enabled = enabled
        self.rules = rules
        self.severities = severities
        self.enabledAt = enabledAt
    }

    /// Whether a vulnerability with this rule and severity should get a ticket automatically.
    public func matches(rule: String, severity: Severity) -> Bool {
        enabled && (rules.contains(rule) || severities.contains(severity))
    }
}

/// How the tracker's TLS certificate is checked.
public struct TLSSettings: Codable, Sendable, Equatable {
    public var caFile: String?
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// What the last connection test of a configuration found.
public struct ConnectionTestSummary: Codable, Sendable, Equatable {
    public var at: Date
    public var ok: Bool
    /// The gRPC-style status name of the failure, absent when the test passed.
    public var status: String?
    public var message: String?
    public var projectCount: Int?

    public init(at: Date, ok: Bool, status: String? = nil, message: String? = nil, projectCount: Int? = nil) {
        self.at = at
        self.ok = ok
        self.status = status
        self.message = message
        self.projectCount = projectCount
    }
}
