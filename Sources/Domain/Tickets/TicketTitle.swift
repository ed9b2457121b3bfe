import Foundation

/// The `System.Title` of a new work item (SPEC §6).
enum TicketTitle {
    /// The tracker rejects longer titles.
    static let maximumUTF16Length = 255

    /// `[<application name>] <vulnerability title>`, or the title alone without the prefix; a finding
    /// without a title is named by its rule.
    static func single(_ vulnerability: Vulnerability, prefixed: Bool) -> String {
        let title = oneLine(vulnerability.title)
        let name = title.isEmpty ? oneLine(vulnerability.rule) : title
        guard prefixed else { return fitted(name) }
        return fitted("[\(oneLine(vulnerability.applicationName))] \(name)")
    }

    /// The given title, or `<n> vulnerabilities in <application name>` (application names joined when the
    /// findings come from several).
    static func bulk(_ vulnerabilities: [Vulnerability], given: String?) -> String {
        if let given, !oneLine(given).isEmpty {
            return fitted(oneLine(given))
        }

        var applications: [String] = []
        for vulnerability in vulnerabilities where !applications.contains(vulnerability.applicationName) {
            applications.append(vulnerability.applicationName)
        }
        let noun = vulnerabilities.count == 1 ? "vulnerability" : "vulnerabilities"
        let names = applications.map(oneLine).joined(separator: ", ")
        return fitted("\(vulnerabilities.count) \(noun) in \(names)")
    }

    /// Line breaks, tabs and runs of spaces become one space: a title is one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
            .joined(separator: " ")
            .filter { !$0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } }
    }

    /// The title cut to the tracker's limit, with an ellipsis when something was cut.
    static func fitted(_ title: String) -> String {
        guard title.utf16.count > maximumUTF16Length else { return title }
        var cut = title
        while cut.utf16.count > maximumUTF16Length - 1 {
            cut.removeLast()
        }
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }
}
