import Domain
import Foundation

/// `autoCreate {enabled, rules?, severities?}` as given; members left out keep their stored values.
struct AutoCreateParams {
    static let maximumRules = 1_000
    static let maximumRuleLength = 200

    var enabled: Bool?
    var rules: FieldValue<[String]>
    var severities: FieldValue<[Severity]>

    init(reading reader: ParamsReader) {
        enabled = reader.bool("enabled", required: true).given
        rules = reader.strings("rules", maxCount: AutoCreateParams.maximumRules,
                               maxLength: AutoCreateParams.maximumRuleLength)
        severities = reader.choices("severities", Severity.self)
        reader.rejectUnknownMembers(readOnly: ["enabledAt"])
    }

    /// Applies the change; `enabledAt` moves to `now` only when auto-create goes from off to on, so that
    /// vulnerabilities known before that moment are never ticketed automatically.
    func apply(to settings: inout AutoCreateSettings, now: Date) {
        let wasEnabled = settings.enabled
        if let enabled { settings.enabled = enabled }
        rules.apply(to: &settings.rules, default: [])
        severities.apply(to: &settings.severities, default: AutoCreateSettings.defaultSeverities)
        if settings.enabled && !wasEnabled {
            settings.enabledAt = now
        } else if !settings.enabled {
            settings.enabledAt = nil
        }
    }
}
