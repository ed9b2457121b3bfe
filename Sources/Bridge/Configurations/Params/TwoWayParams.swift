import Domain
import Foundation

/// `twoWay {enabled, statusMapping?, reopenStatus?}` as given. A given `statusMapping` replaces the stored
/// one whole (states it leaves out count as open); `null` restores the default mapping.
struct TwoWayParams {
    static let maximumStates = 100
    static let maximumStateLength = 128

    var enabled: Bool?
    var statusMapping: FieldValue<[String: VulnerabilityStatus]>
    var reopenStatus: FieldValue<VulnerabilityStatus>

    init(reading reader: ParamsReader) {
        enabled = reader.bool("enabled", required: true).given
        statusMapping = TwoWayParams.readMapping(reader)
        reopenStatus = reader.choice("reopenStatus", VulnerabilityStatus.self)
        if let status = reopenStatus.given, status.isClosed {
            let open = VulnerabilityStatus.allCases.filter(\.isOpen).map(\.rawValue).joined(separator: ", ")
            reader.violation("reopenStatus", "must be an open status (\(open)), not \(status.rawValue)")
            reopenStatus = .absent
        }
        reader.rejectUnknownMembers(readOnly: ["webhookUrl"])
    }

    func apply(to settings: inout TwoWaySettings) {
        if let enabled { settings.enabled = enabled }
        statusMapping.apply(to: &settings.statusMapping, default: TwoWaySettings.defaultStatusMapping)
        reopenStatus.apply(to: &settings.reopenStatus, default: .reported)
    }

    private static func readMapping(_ reader: ParamsReader) -> FieldValue<[String: VulnerabilityStatus]> {
        let member = reader.map("statusMapping")
        guard let object = member.given else { return member.map { _ in [:] } }
        guard object.count <= maximumStates else {
            reader.violation("statusMapping", "must map at most \(maximumStates) states")
            return .absent
        }
        var mapping: [String: VulnerabilityStatus] = [:]
        var valid = true
        for entry in object {
            let field = "statusMapping.\(entry.key)"
            let state = entry.key.trimmingCharacters(in: .whitespaces)
            guard !state.isEmpty, state.count <= maximumStateLength else {
                reader.violation(field, "must be a tracker state name of 1 to \(maximumStateLength) characters")
                valid = false
                continue
            }
            guard let status = ParamsReader.choice(entry.value, VulnerabilityStatus.self) else {
                reader.violation(field, "must be one of \(ParamsReader.spellings(VulnerabilityStatus.self))")
                valid = false
                continue
            }
            mapping[state] = status
        }
        return valid ? .value(mapping) : .absent
    }
}
