/// Everything the tracker client needs to create one work item: where, of which type, and the JSON Patch
/// body that sets its fields (SPEC §6).
public struct WorkItemDraft: Sendable, Equatable {
    public var target: TicketTarget
    public var title: String
    /// HTML; every value from the findings is escaped.
    public var description: String
    /// `System.Tags`, ending with the marker tag.
    public var tags: String
    /// The highest severity among the findings; it sets Severity or Priority.
    public var severity: Severity
    public var vulnerabilityIds: [String]
    public var marker: TicketMarker
    /// The fields to set, in the order they are sent.
    public var fields: [WorkItemField]

    /// - Parameters:
    ///   - configuration: the defaults: project, type, assignee, area path, tags, severity maps, title prefix.
    ///   - scope: one vulnerability, or several for a bulk work item.
    ///   - overrides: what this call sets instead of the configuration.
    ///   - typeFields: whether the target type has Severity (preferred) or Priority; Basic's Issue has neither.
    ///   - marker: the ticket's marker, added to the tags so that a WIQL query can find the work item again.
    /// - Throws: `TicketContentError` when no project or type is known, or a bulk scope is empty.
    public init(
        configuration: Configuration, scope: TicketScope, overrides: TicketOverrides = TicketOverrides(),
        typeFields: WorkItemTypeFields, marker: TicketMarker
    ) throws {
        let vulnerabilities = scope.vulnerabilities
        guard let highest = vulnerabilities.map(\.severity).min() else {
            throw TicketContentError.noVulnerabilities
        }

        target = try TicketTarget(configuration: configuration, overrides: overrides)
        severity = highest
        vulnerabilityIds = vulnerabilities.map(\.id)
        self.marker = marker

        switch scope {
        case .single(let vulnerability):
            title = TicketTitle.single(vulnerability, prefixed: configuration.titlePrefix)
            description = TicketDescription.single(
                vulnerability, excludeSensitiveInfo: configuration.excludeSensitiveInfo)
        case .bulk(let vulnerabilities):
            title = TicketTitle.bulk(vulnerabilities, given: overrides.bulkTitle)
            description = TicketDescription.bulk(
                vulnerabilities, highest: highest, excludeSensitiveInfo: configuration.excludeSensitiveInfo)
        }

        tags = TicketTags.joined(
            configurationTags: configuration.tags, rules: vulnerabilities.map(\.rule), marker: marker)

        fields = [
            WorkItemField(WorkItemFieldReference.title, .string(title)),
            WorkItemField(WorkItemFieldReference.description, .string(description)),
        ]
        if let assignee = target.assignee {
            fields.append(WorkItemField(WorkItemFieldReference.assignedTo, .string(assignee)))
        }
        if let areaPath = target.areaPath {
            fields.append(WorkItemField(WorkItemFieldReference.areaPath, .string(areaPath)))
        }
        fields.append(WorkItemField(WorkItemFieldReference.tags, .string(tags)))
        if typeFields.hasSeverity {
            let value = configuration.trackerSeverity(for: highest)
            fields.append(WorkItemField(WorkItemFieldReference.severity, .string(value)))
        } else if typeFields.hasPriority {
            let value = configuration.trackerPriority(for: highest)
            fields.append(WorkItemField(WorkItemFieldReference.priority, .int(value)))
        }
    }

    /// The `application/json-patch+json` body: one `add` per field.
    public var operations: [JSONPatchOperation] {
        fields.map { JSONPatchOperation.add(field: $0.reference, $0.value) }
    }

    /// The value set for a field, if any.
    public func value(of reference: String) -> JSONPatchValue? {
        fields.first { $0.reference == reference }?.value
    }
}
