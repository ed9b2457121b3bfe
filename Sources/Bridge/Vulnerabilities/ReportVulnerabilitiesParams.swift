import Domain
import JSONRPC

/// `reportVulnerabilities` params: the findings of one scan, new and known ones together.
struct ReportVulnerabilitiesParams: Decodable {
    /// The most vulnerabilities one call may carry (SPEC §5).
    static let maximumCount = 10_000
    /// Longest accepted id, application id or rule.
    static let maximumIdentifierLength = 256
    /// More violations than this are summarised, so one bad scan does not produce a huge error.
    static let maximumReportedViolations = 20

    var vulnerabilities: [Vulnerability]

    /// - Throws: INVALID_ARGUMENT naming each bad field (`vulnerabilities[3].id`).
    func validate() throws {
        guard (1...Self.maximumCount).contains(vulnerabilities.count) else {
            throw RPCError.invalidArgument(
                "vulnerabilities must hold 1 to \(Self.maximumCount) entries, not \(vulnerabilities.count): "
                    + "split larger scans into several calls",
                violations: [FieldViolation(field: "vulnerabilities", description: "must hold 1 to 10000 entries")]
            )
        }

        var violations: [FieldViolation] = []
        var firstIndexById: [String: Int] = [:]
        firstIndexById.reserveCapacity(vulnerabilities.count)
        for (index, vulnerability) in vulnerabilities.enumerated() {
            let path = "vulnerabilities[\(index)]"
            for (field, value) in [
                ("id", vulnerability.id), ("applicationId", vulnerability.applicationId),
                ("rule", vulnerability.rule),
            ] where !Self.isIdentifier(value) {
                violations.append(FieldViolation(
                    field: "\(path).\(field)",
                    description: "must be a non-blank string of at most \(Self.maximumIdentifierLength) characters"
                ))
            }
            if vulnerability.applicationName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                violations.append(FieldViolation(field: "\(path).applicationName", description: "must not be blank"))
            }
            if let first = firstIndexById.updateValue(index, forKey: vulnerability.id) {
                violations.append(FieldViolation(
                    field: "\(path).id", description: "repeats vulnerabilities[\(first)].id: send each finding once"
                ))
            }
            if violations.count > Self.maximumReportedViolations { break }
        }
        guard violations.isEmpty else {
            let shown = Array(violations.prefix(Self.maximumReportedViolations))
            let more = violations.count > shown.count ? " (and more)" : ""
            throw RPCError.invalidArgument(
                "\(shown.count) invalid field(s)\(more) in vulnerabilities; nothing was stored: "
                    + shown.map { "\($0.field) \($0.description)" }.joined(separator: "; "),
                violations: shown
            )
        }
    }

    private static func isIdentifier(_ value: String) -> Bool {
        !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && value.count <= maximumIdentifierLength
    }
}
