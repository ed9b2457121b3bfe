import Testing
import Domain
import Foundation

/// Findings and configurations the tests build on; each test changes what it examines.
enum Samples {
    static let firstSeen = Date(timeIntervalSince1970: 1_709_892_003)

    static func configuration(
        name: String = "Fabrikam Web", project: String? = "Web", workItemType: String = "Bug",
        twoWay: TwoWaySettings = TwoWaySettings(enabled: true)
    ) -> Configuration {
        Configuration(
            id: "cfg-\(name.lowercased().replacingOccurrences(of: " ", with: "-"))", name: name,
            host: "https://dev.azure.com/fabrikam", applications: ["app-checkout", "app-admin"], project: project,
            areaPath: "Web\\Security", assignee: "Wouter de Kort <wouter@fabrikam.com>", workItemType: workItemType,
            tags: ["security", "scanner"], twoWay: twoWay
        )
    }

    static func vulnerability(
        id: String = "5b0c8e1a-2f4d-4c6b-9a7e-3d1f0b8c2e94", application: String = "Checkout",
        title: String = "SQL injection in /cart/apply-coupon", rule: String = "sql-injection",
        severity: Severity = .high, status: VulnerabilityStatus = .reported
    ) -> Vulnerability {
        Vulnerability(
            id: id, applicationId: "app-\(application.lowercased())", applicationName: application, title: title,
            rule: rule, severity: severity, status: status,
            description: "The coupon code reaches a SQL query unescaped.\nAn attacker can read other orders.",
            url: "https://scanner.fabrikam.com/findings/\(id)",
            details: "POST /cart/apply-coupon\ncode=' OR 1=1 --",
            firstSeenAt: firstSeen
        )
    }

    static func ticket(
        id: String = "ticket-13", configurationId: String = "cfg-fabrikam-web", workItemId: Int = 13,
        state: String = "Active", open: Bool = true, vulnerabilityIds: [String] = ["v1"], lastRevision: Int = 2
    ) -> Ticket {
        Ticket(
            id: id, configurationId: configurationId, workItemId: workItemId,
            url: "https://dev.azure.com/fabrikam/Web/_workitems/edit/\(workItemId)", project: "Web",
            workItemType: "Bug", state: state, open: open, vulnerabilityIds: vulnerabilityIds, origin: .manual,
            createdAt: firstSeen, lastRevision: lastRevision
        )
    }

    /// The text of a fixture payload next to the tests.
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }
}
