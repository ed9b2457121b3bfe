import Domain
import Foundation
import JSON
import JSONRPC

/// `reportVulnerabilities` params: the findings of one scan, new and known ones together.
///
/// Read by `VulnerabilityReader` rather than decoded: a scan of ten thousand findings through `Codable`
/// took longer than storing them.
struct ReportVulnerabilitiesParams {
    /// The most vulnerabilities one call may carry (SPEC §5).
    static let maximumCount = 10_000
    /// Longest accepted id, application id or rule.
    static let maximumIdentifierLength = 256
    /// More violations than this are summarised, so one bad scan does not produce a huge error.
    static let maximumReportedViolations = 20

    var vulnerabilities: [Vulnerability]

    /// - Throws: `RPCError.invalidParams` naming the first field that does not fit a `Vulnerability`.
    init(params: JSONValue) throws {
        vulnerabilities = try VulnerabilityReader.vulnerabilities(in: params)
    }

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
            func path(_ field: String) -> String { "vulnerabilities[\(index)].\(field)" }
            if !Self.isIdentifier(vulnerability.id) {
                violations.append(Self.notAnIdentifier(path("id")))
            }
            if !Self.isIdentifier(vulnerability.applicationId) {
                violations.append(Self.notAnIdentifier(path("applicationId")))
            }
            if !Self.isIdentifier(vulnerability.rule) {
                violations.append(Self.notAnIdentifier(path("rule")))
            }
            if Self.isBlank(vulnerability.applicationName) {
                violations.append(FieldViolation(field: path("applicationName"), description: "must not be blank"))
            }
            if let first = firstIndexById.updateValue(index, forKey: vulnerability.id) {
                violations.append(FieldViolation(
                    field: path("id"), description: "repeats vulnerabilities[\(first)].id: send each finding once"
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

    private static func notAnIdentifier(_ field: String) -> FieldViolation {
        FieldViolation(
            field: field, description: "must be a non-blank string of at most \(maximumIdentifierLength) characters"
        )
    }

    private static func isIdentifier(_ value: String) -> Bool {
        // A character takes at least one UTF-8 byte, so a short text needs no character count.
        !isBlank(value)
            && (value.utf8.count <= maximumIdentifierLength || value.count <= maximumIdentifierLength)
    }

    /// Whether the text is empty or only white space and line breaks. A text starting with a visible ASCII
    /// character (nearly every id) is answered without asking Foundation.
    private static func isBlank(_ value: String) -> Bool {
        if let first = value.utf8.first, first > asciiSpace, first < asciiDelete { return false }
        return value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private static let asciiSpace = UInt8(ascii: " ")
    private static let asciiDelete: UInt8 = 0x7F
}
