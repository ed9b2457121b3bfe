import Foundation

/// The HTML `System.Description` of a new work item (SPEC §6): every value escaped, line breaks as `<br>`,
/// the finding's page linked only when it is an http(s) URL, request and evidence details left out when the
/// configuration excludes sensitive information.
enum TicketDescription {
    /// Said in place of the details when the configuration withholds them.
    static let withheldDetailsNote = "Request and evidence details are withheld by this configuration; "
        + "open the finding in the security product to see them."

    /// One finding: its title, a table of its facts, then its description and details.
    static func single(_ vulnerability: Vulnerability, excludeSensitiveInfo: Bool) -> String {
        var html = "<h3>\(HTML.text(vulnerability.title))</h3>"

        html += "<table>"
        for (label, value) in facts(of: vulnerability) {
            html += "<tr><td><b>\(label)</b></td><td>\(value)</td></tr>"
        }
        html += "</table>"

        if let description = nonBlank(vulnerability.description) {
            html += "<h4>Description</h4><p>\(HTML.text(description))</p>"
        }

        if let details = nonBlank(vulnerability.details) {
            html += excludeSensitiveInfo
                ? "<p><i>\(HTML.text(withheldDetailsNote))</i></p>"
                : "<h4>Details</h4><p>\(HTML.text(details))</p>"
        }
        return html
    }

    /// Several findings: a summary line, then a table with one row per finding.
    static func bulk(_ vulnerabilities: [Vulnerability], highest: Severity, excludeSensitiveInfo: Bool) -> String {
        let noun = vulnerabilities.count == 1 ? "vulnerability" : "vulnerabilities"
        var html = "<p>\(vulnerabilities.count) \(noun), highest severity \(HTML.text(highest.rawValue)).</p>"

        var columns = ["Title", "Severity", "Rule", "Application", "Status", "First seen", "Finding", "Description"]
        if !excludeSensitiveInfo {
            columns.append("Details")
        }
        columns.append("Vulnerability id")

        html += "<table><tr>" + columns.map { "<td><b>\($0)</b></td>" }.joined() + "</tr>"
        for vulnerability in vulnerabilities {
            var cells = [
                HTML.text(vulnerability.title),
                HTML.text(vulnerability.severity.rawValue),
                HTML.text(vulnerability.rule),
                HTML.text(vulnerability.applicationName),
                HTML.text(vulnerability.status.rawValue),
                vulnerability.firstSeenAt.map { HTML.text(timestamp($0)) } ?? "",
                vulnerability.url.map(HTML.link) ?? "",
                nonBlank(vulnerability.description).map(HTML.text) ?? "",
            ]
            if !excludeSensitiveInfo {
                cells.append(nonBlank(vulnerability.details).map(HTML.text) ?? "")
            }
            cells.append(HTML.text(vulnerability.id))
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        html += "</table>"

        if excludeSensitiveInfo, vulnerabilities.contains(where: { nonBlank($0.details) != nil }) {
            html += "<p><i>\(HTML.text(withheldDetailsNote))</i></p>"
        }
        return html
    }

    /// The labelled facts of one finding, values already HTML.
    static func facts(of vulnerability: Vulnerability) -> [(label: String, html: String)] {
        var facts: [(String, String)] = [
            ("Severity", HTML.text(vulnerability.severity.rawValue)),
            ("Rule", HTML.text(vulnerability.rule)),
            ("Application", HTML.text(vulnerability.applicationName)),
            ("Status", HTML.text(vulnerability.status.rawValue)),
        ]
        if let firstSeenAt = vulnerability.firstSeenAt {
            facts.append(("First seen", HTML.text(timestamp(firstSeenAt))))
        }
        if let url = nonBlank(vulnerability.url) {
            facts.append(("Finding", HTML.link(url)))
        }
        facts.append(("Vulnerability id", HTML.text(vulnerability.id)))
        return facts
    }

    /// UTC, ISO 8601, to the second.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    static func nonBlank(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}
