import Domain
import Foundation
import JSON

/// The params of `configure`, read and checked in full before anything is stored.
///
/// Without `id` the call creates a configuration from the defaults of SPEC §5; with `id` it updates that
/// configuration: members left out keep their stored values, `null` restores a member's default (or
/// clears an optional one), and a left-out `personalAccessToken` keeps the stored token.
struct ConfigureRequest {
    static let maximumNameLength = 100
    static let maximumIDLength = 128
    static let maximumNameFieldLength = 256
    static let maximumAreaPathLength = 4_000
    static let maximumApplications = 10_000
    static let maximumApplicationIDLength = 200
    static let maximumTags = 100
    static let maximumTagLength = 400

    /// The members a configuration shows but a caller cannot set.
    static let readOnlyMembers: Set<String> = [
        "revision", "createdAt", "updatedAt", "missing", "lastConnectionTest",
    ]

    var id: String?
    var name: String
    var connection: ConnectionParams
    var applications: FieldValue<[String]>
    var project: FieldValue<String>
    var team: FieldValue<String>
    var areaPath: FieldValue<String>
    var assignee: FieldValue<String>
    var workItemType: FieldValue<String>
    var severityMap: FieldValue<[Severity: String]>
    var priorityMap: FieldValue<[Severity: Int]>
    var titlePrefix: FieldValue<Bool>
    var excludeSensitiveInfo: FieldValue<Bool>
    var tags: FieldValue<[String]>
    var twoWay: FieldValue<TwoWayParams>
    var autoCreate: FieldValue<AutoCreateParams>
    var expectedRevision: Int?

    var isCreate: Bool { id == nil }

    /// Reads every member.
    /// - Throws: `RPCError` INVALID_ARGUMENT naming each bad field.
    init(_ params: JSONValue) throws {
        let reader = ParamsReader(params)
        id = reader.string("id", maxLength: ConfigureRequest.maximumIDLength).given
        let creating = id == nil
        name = reader.string("name", required: true, maxLength: ConfigureRequest.maximumNameLength).given ?? ""
        connection = ConnectionParams(reading: reader, hostRequired: true, tokenRequired: creating)
        applications = reader.strings(
            "applications", maxCount: ConfigureRequest.maximumApplications,
            maxLength: ConfigureRequest.maximumApplicationIDLength
        )
        project = reader.string("project", maxLength: ConfigureRequest.maximumNameFieldLength)
        team = reader.string("team", maxLength: ConfigureRequest.maximumNameFieldLength)
        areaPath = reader.string("areaPath", maxLength: ConfigureRequest.maximumAreaPathLength)
        assignee = reader.string("assignee", maxLength: ConfigureRequest.maximumNameFieldLength)
        workItemType = reader.string("workItemType", maxLength: ConfigureRequest.maximumNameFieldLength)
        severityMap = ConfigureRequest.readSeverityMap(reader)
        priorityMap = ConfigureRequest.readPriorityMap(reader)
        titlePrefix = reader.bool("titlePrefix")
        excludeSensitiveInfo = reader.bool("excludeSensitiveInfo")
        tags = reader.strings(
            "tags", maxCount: ConfigureRequest.maximumTags, maxLength: ConfigureRequest.maximumTagLength,
            itemRule: { $0.contains(";") ? "must not contain ';' (the tracker separates tags with it)" : nil }
        )
        twoWay = ConfigureRequest.readSection(reader, "twoWay", TwoWayParams.init(reading:))
        autoCreate = ConfigureRequest.readSection(reader, "autoCreate", AutoCreateParams.init(reading:))
        expectedRevision = reader.integer("expectedRevision", in: 1...Int(Int32.max)).given
        if creating, reader.contains("expectedRevision") {
            reader.violation("expectedRevision", "applies only to updates: give the id of the configuration")
        }
        reader.rejectUnknownMembers(readOnly: ConfigureRequest.readOnlyMembers)
        try reader.report.throwIfAny("the configuration was not saved")
    }

    /// `base` with every given member applied; `base` is the stored configuration (update) or the defaults
    /// (create). The result is not yet checked as a whole: see `effectiveProblems`.
    func applied(to base: Configuration, now: Date) -> Configuration {
        var configuration = base
        configuration.name = name
        connection.host.given.map { configuration.host = $0 }
        connection.username.apply(to: &configuration.username)
        connection.apiVersion.apply(to: &configuration.apiVersion, default: Configuration.defaultAPIVersion)
        applyTLS(to: &configuration.tls)
        applications.apply(to: &configuration.applications, default: [])
        project.apply(to: &configuration.project)
        team.apply(to: &configuration.team)
        areaPath.apply(to: &configuration.areaPath)
        assignee.apply(to: &configuration.assignee)
        workItemType.apply(to: &configuration.workItemType, default: Configuration.defaultWorkItemType)
        severityMap.apply(to: &configuration.severityMap, default: [:])
        priorityMap.apply(to: &configuration.priorityMap, default: [:])
        titlePrefix.apply(to: &configuration.titlePrefix, default: true)
        excludeSensitiveInfo.apply(to: &configuration.excludeSensitiveInfo, default: false)
        tags.apply(to: &configuration.tags, default: [])
        applyTwoWay(to: &configuration.twoWay)
        applyAutoCreate(to: &configuration.autoCreate, now: now)
        return configuration
    }

    /// Problems of the configuration as a whole once the change is applied.
    /// - Throws: `RPCError` INVALID_ARGUMENT naming the fields to change.
    static func checkEffective(_ configuration: Configuration) throws {
        let report = ViolationReport()
        let autoCreate = configuration.autoCreate
        if autoCreate.enabled && autoCreate.rules.isEmpty && autoCreate.severities.isEmpty {
            report.add(
                "autoCreate.severities",
                "must not be empty while autoCreate is enabled without rules: nothing would ever match"
            )
        }
        try report.throwIfAny("the configuration was not saved")
    }

    private func applyTLS(to settings: inout TLSSettings) {
        switch connection.tls {
        case .absent: break
        case .null: settings = TLSSettings()
        case .value(let change): change.apply(to: &settings)
        }
    }

    private func applyTwoWay(to settings: inout TwoWaySettings) {
        switch twoWay {
        case .absent: break
        case .null: settings = TwoWaySettings()
        case .value(let change): change.apply(to: &settings)
        }
    }

    private func applyAutoCreate(to settings: inout AutoCreateSettings, now: Date) {
        switch autoCreate {
        case .absent: break
        case .null: settings = AutoCreateSettings()
        case .value(let change): change.apply(to: &settings, now: now)
        }
    }

    // MARK: - Reading

    private static func readSection<Section>(
        _ reader: ParamsReader, _ key: String, _ read: (ParamsReader) -> Section
    ) -> FieldValue<Section> {
        reader.object(key).map(read)
    }

    private static func readSeverityMap(_ reader: ParamsReader) -> FieldValue<[Severity: String]> {
        let allowed = Severity.trackerSeverityValues.map { "\"\($0)\"" }.joined(separator: ", ")
        return readSeverityKeyed(reader, "severityMap", problem: "must be one of \(allowed)") { value in
            value.stringValue.flatMap { Severity.trackerSeverityValues.contains($0) ? $0 : nil }
        }
    }

    private static func readPriorityMap(_ reader: ParamsReader) -> FieldValue<[Severity: Int]> {
        let range = Severity.trackerPriorityValues
        let problem = "must be an integer from \(range.lowerBound) to \(range.upperBound)"
        return readSeverityKeyed(reader, "priorityMap", problem: problem) { value in
            value.intValue.flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A map from severity names to values; each unknown severity or bad value is its own violation.
    private static func readSeverityKeyed<Value>(
        _ reader: ParamsReader, _ key: String, problem: String, value read: (JSONValue) -> Value?
    ) -> FieldValue<[Severity: Value]> {
        let member = reader.map(key)
        guard let object = member.given else { return member.map { _ in [:] } }
        var map: [Severity: Value] = [:]
        var valid = true
        for entry in object {
            let field = "\(key).\(entry.key)"
            guard let severity = Severity(rawValue: entry.key) else {
                reader.report.add(field, "is not a severity: use \(ParamsReader.spellings(Severity.self))")
                valid = false
                continue
            }
            guard let value = read(entry.value) else {
                reader.report.add(field, problem)
                valid = false
                continue
            }
            map[severity] = value
        }
        return valid ? .value(map) : .absent
    }
}
