import Domain
import Foundation
import Storage

/// A fixed instant with whole milliseconds, so stored and read-back dates compare equal.
let referenceDate = Date(timeIntervalSince1970: 1_780_000_000)

func sampleConfiguration(id: String = "cfg-1", name: String = "Production", applications: [String] = ["app-1"])
    -> Configuration
{
    Configuration(
        id: id, name: name, host: "http://127.0.0.1:8080/tfs/DefaultCollection", username: "svc",
        applications: applications, project: "Web", workItemType: "Bug", severityMap: [.critical: "1 - Critical"],
        tags: ["security"], twoWay: TwoWaySettings(enabled: true, webhookUrl: "http://x/webhooks/secret-in-url"),
        autoCreate: AutoCreateSettings(enabled: true, rules: ["sql-injection"], enabledAt: referenceDate),
        createdAt: referenceDate, updatedAt: referenceDate
    )
}

func sampleVulnerability(
    id: String, applicationId: String = "app-1", severity: Severity = .high, status: VulnerabilityStatus = .reported
) -> Vulnerability {
    Vulnerability(
        id: id, applicationId: applicationId, applicationName: "Shop \(applicationId)", title: "SQL injection in \(id)",
        rule: "sql-injection", severity: severity, status: status, description: "Unsanitised input",
        url: "https://scanner.example/findings/\(id)", details: "GET /search?q=' OR 1=1"
    )
}

func newTicket(
    id: String, configurationId: String = "cfg-1", vulnerabilityIds: [String], origin: Ticket.Origin = .manual
) -> NewTicket {
    NewTicket(
        id: id, configurationId: configurationId, vulnerabilityIds: vulnerabilityIds, project: "Web",
        workItemType: "Bug", origin: origin, marker: "tracker-bridge:\(id)"
    )
}
