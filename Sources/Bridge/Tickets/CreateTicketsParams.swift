import Domain
import JSONRPC

/// `createTickets` params (SPEC §5): which vulnerabilities, in which configuration, one work item each or one
/// for all (`bulk`), and what this call sets instead of the configuration's defaults.
struct CreateTicketsParams: Codable {
    /// The most vulnerabilities one call may ask tickets for.
    static let maximumVulnerabilities = 1_000

    var configurationId: String
    var vulnerabilityIds: [String]
    var bulk: Bool?
    var project: String?
    var workItemType: String?
    var assignee: String?
    var title: String?

    var isBulk: Bool { bulk ?? false }

    var overrides: TicketOverrides {
        TicketOverrides(project: project, workItemType: workItemType, assignee: assignee, bulkTitle: title)
    }

    /// - Throws: INVALID_ARGUMENT naming each bad field.
    func validate() throws {
        var violations: [FieldViolation] = []
        if configurationId.trimmingCharacters(in: .whitespaces).isEmpty {
            violations.append(FieldViolation(field: "configurationId", description: "must not be blank"))
        }
        if !(1...Self.maximumVulnerabilities).contains(vulnerabilityIds.count) {
            violations.append(FieldViolation(
                field: "vulnerabilityIds", description: "must hold 1 to \(Self.maximumVulnerabilities) ids"
            ))
        }
        var seen: [String: Int] = [:]
        for (index, id) in vulnerabilityIds.enumerated() {
            if id.trimmingCharacters(in: .whitespaces).isEmpty {
                violations.append(FieldViolation(field: "vulnerabilityIds[\(index)]", description: "must not be blank"))
            } else if let first = seen.updateValue(index, forKey: id) {
                violations.append(FieldViolation(
                    field: "vulnerabilityIds[\(index)]", description: "repeats vulnerabilityIds[\(first)]"
                ))
            }
        }
        for (field, value) in [("project", project), ("workItemType", workItemType), ("assignee", assignee)] {
            if let value, value.contains(where: \.isNewline) {
                violations.append(FieldViolation(field: field, description: "must be one line"))
            }
        }
        if title != nil, !isBulk {
            violations.append(FieldViolation(
                field: "title", description: "applies to bulk work items only: pass bulk: true or leave title out"
            ))
        }
        guard violations.isEmpty else {
            throw RPCError.invalidArgument(
                "invalid createTickets params; nothing was created: "
                    + violations.prefix(10).map { "\($0.field) \($0.description)" }.joined(separator: "; "),
                violations: Array(violations.prefix(50))
            )
        }
    }
}
