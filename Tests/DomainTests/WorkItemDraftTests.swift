import Domain
import Foundation
import Testing

@Suite("Work item drafts")
struct WorkItemDraftTests {
    let marker = TicketMarker(ticketId: "9d0f1e52-3c1b-4b8e-8a47-5f0e2c7d1a93")
    let bug = WorkItemTypeFields(hasSeverity: true, hasPriority: true)
    let task = WorkItemTypeFields(hasSeverity: false, hasPriority: true)
    let basicIssue = WorkItemTypeFields(hasSeverity: false, hasPriority: false)

    @Test("a single Bug gets the prefixed title, Severity from the map, and every configured field")
    func singleBug() throws {
        var configuration = Samples.configuration()
        configuration.severityMap = [.high: "1 - Critical"]
        let vulnerability = Samples.vulnerability(severity: .high)

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .single(vulnerability), typeFields: bug, marker: marker)

        #expect(draft.target.project == "Web")
        #expect(draft.target.workItemType == "Bug")
        #expect(draft.title == "[Checkout] SQL injection in /cart/apply-coupon")
        #expect(draft.value(of: "System.Title") == .string(draft.title))
        #expect(draft.value(of: "System.AssignedTo") == .string("Wouter de Kort <wouter@fabrikam.com>"))
        #expect(draft.value(of: "System.AreaPath") == .string("Web\\Security"))
        #expect(draft.value(of: "System.Tags") == .string("security; scanner; sql-injection; \(marker.tag)"))
        #expect(draft.value(of: "Microsoft.VSTS.Common.Severity") == .string("1 - Critical"))
        #expect(draft.value(of: "Microsoft.VSTS.Common.Priority") == nil)
        #expect(draft.vulnerabilityIds == [vulnerability.id])
    }

    @Test("a Task has no Severity, so Priority carries the mapped severity")
    func taskGetsPriority() throws {
        var configuration = Samples.configuration(workItemType: "Task")
        configuration.priorityMap = [.medium: 2]

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .single(Samples.vulnerability(severity: .medium)),
            typeFields: task, marker: marker)

        #expect(draft.target.workItemType == "Task")
        #expect(draft.value(of: "Microsoft.VSTS.Common.Priority") == .int(2))
        #expect(draft.value(of: "Microsoft.VSTS.Common.Severity") == nil)
    }

    @Test("Basic's Issue has neither Severity nor Priority, so neither is sent")
    func basicIssueGetsNeither() throws {
        let draft = try WorkItemDraft(
            configuration: Samples.configuration(workItemType: "Issue"),
            scope: .single(Samples.vulnerability(severity: .critical)), typeFields: basicIssue, marker: marker)

        #expect(draft.value(of: "Microsoft.VSTS.Common.Priority") == nil)
        #expect(draft.value(of: "Microsoft.VSTS.Common.Severity") == nil)
        #expect(draft.fields.map(\.reference) == [
            "System.Title", "System.Description", "System.AssignedTo", "System.AreaPath", "System.Tags",
        ])
    }

    @Test("unmapped severities take the defaults", arguments: [
        (Severity.critical, "1 - Critical", 1), (.high, "2 - High", 2), (.medium, "3 - Medium", 3),
        (.low, "4 - Low", 4), (.note, "4 - Low", 4),
    ])
    func defaultSeverityAndPriority(severity: Severity, trackerSeverity: String, priority: Int) throws {
        let configuration = Samples.configuration()
        let scope = TicketScope.single(Samples.vulnerability(severity: severity))

        let bugDraft = try WorkItemDraft(configuration: configuration, scope: scope, typeFields: bug, marker: marker)
        let taskDraft = try WorkItemDraft(configuration: configuration, scope: scope, typeFields: task, marker: marker)

        #expect(bugDraft.value(of: "Microsoft.VSTS.Common.Severity") == .string(trackerSeverity))
        #expect(taskDraft.value(of: "Microsoft.VSTS.Common.Priority") == .int(priority))
    }

    @Test("without titlePrefix the title is the finding's title alone")
    func titleWithoutPrefix() throws {
        var configuration = Samples.configuration()
        configuration.titlePrefix = false

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .single(Samples.vulnerability()), typeFields: bug, marker: marker)

        #expect(draft.title == "SQL injection in /cart/apply-coupon")
    }

    @Test("a title is one line and fits the tracker's 255 characters")
    func titleIsOneLineAndFits() throws {
        let multiline = Samples.vulnerability(title: "Stored XSS\r\nin   profile\tpage")
        let long = Samples.vulnerability(title: String(repeating: "ä", count: 400))

        let short = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .single(multiline), typeFields: bug, marker: marker)
        let cut = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .single(long), typeFields: bug, marker: marker)

        #expect(short.title == "[Checkout] Stored XSS in profile page")
        #expect(cut.title.utf16.count == 255)
        #expect(cut.title.hasPrefix("[Checkout] ääää"))
        #expect(cut.title.hasSuffix("…"))
    }

    @Test("a bulk work item is named by count and application and takes the highest severity")
    func bulkDefaults() throws {
        let vulnerabilities = [
            Samples.vulnerability(id: "v1", rule: "xss", severity: .medium),
            Samples.vulnerability(id: "v2", rule: "sql-injection", severity: .critical),
            Samples.vulnerability(id: "v3", rule: "xss", severity: .low),
        ]

        let draft = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .bulk(vulnerabilities), typeFields: bug, marker: marker)

        #expect(draft.title == "3 vulnerabilities in Checkout")
        #expect(draft.severity == .critical)
        #expect(draft.value(of: "Microsoft.VSTS.Common.Severity") == .string("1 - Critical"))
        #expect(draft.value(of: "System.Tags") == .string("security; scanner; xss; sql-injection; \(marker.tag)"))
        #expect(draft.vulnerabilityIds == ["v1", "v2", "v3"])
    }

    @Test("a bulk work item over several applications names them all")
    func bulkAcrossApplications() throws {
        let vulnerabilities = [
            Samples.vulnerability(id: "v1", application: "Checkout"),
            Samples.vulnerability(id: "v2", application: "Admin"),
            Samples.vulnerability(id: "v3", application: "Checkout"),
        ]

        let draft = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .bulk(vulnerabilities), typeFields: task, marker: marker)

        #expect(draft.title == "3 vulnerabilities in Checkout, Admin")
    }

    @Test("the call's overrides win over the configuration's defaults")
    func overridesWin() throws {
        let overrides = TicketOverrides(
            project: "Mobile", workItemType: "Task", assignee: "Ana Lima <ana@fabrikam.com>",
            bulkTitle: "Coupon endpoint findings")
        let vulnerabilities = [Samples.vulnerability(id: "v1"), Samples.vulnerability(id: "v2")]

        let draft = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .bulk(vulnerabilities), overrides: overrides,
            typeFields: task, marker: marker)

        #expect(draft.target.project == "Mobile")
        #expect(draft.target.workItemType == "Task")
        #expect(draft.title == "Coupon endpoint findings")
        #expect(draft.value(of: "System.AssignedTo") == .string("Ana Lima <ana@fabrikam.com>"))
        // The configured area path lies in project Web, which the tracker would reject for Mobile.
        #expect(draft.value(of: "System.AreaPath") == nil)
    }

    @Test("a bulk title override does not rename a single work item, and blank overrides count as absent")
    func singleIgnoresBulkTitleAndBlankOverrides() throws {
        let overrides = TicketOverrides(project: "  ", workItemType: "", assignee: " ", bulkTitle: "Ignored")

        let draft = try WorkItemDraft(
            configuration: Samples.configuration(), scope: .single(Samples.vulnerability()), overrides: overrides,
            typeFields: bug, marker: marker)

        #expect(draft.title == "[Checkout] SQL injection in /cart/apply-coupon")
        #expect(draft.target.project == "Web")
        #expect(draft.target.workItemType == "Bug")
        #expect(draft.value(of: "System.AssignedTo") == .string("Wouter de Kort <wouter@fabrikam.com>"))
    }

    @Test("no assignee and no area path leave those fields out")
    func optionalFieldsLeftOut() throws {
        var configuration = Samples.configuration()
        configuration.assignee = nil
        configuration.areaPath = nil

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .single(Samples.vulnerability()), typeFields: bug, marker: marker)

        #expect(draft.value(of: "System.AssignedTo") == nil)
        #expect(draft.value(of: "System.AreaPath") == nil)
    }

    @Test("a configuration without a project is an incomplete configuration, named as such")
    func missingProject() throws {
        let error = try #require(throws: TicketContentError.self) {
            try WorkItemDraft(
                configuration: Samples.configuration(project: nil), scope: .single(Samples.vulnerability()),
                typeFields: bug, marker: marker)
        }

        #expect(error.field == "project")
        #expect(error.isConfigurationIncomplete)
        #expect(error.message.contains("Fabrikam Web"))
    }

    @Test("a project passed to the call makes up for the configuration's missing one")
    func projectOverrideCompletesConfiguration() throws {
        let draft = try WorkItemDraft(
            configuration: Samples.configuration(project: nil), scope: .single(Samples.vulnerability()),
            overrides: TicketOverrides(project: "Web"), typeFields: bug, marker: marker)

        #expect(draft.target.project == "Web")
    }

    @Test("an empty bulk is an invalid argument")
    func emptyBulk() throws {
        let error = try #require(throws: TicketContentError.self) {
            try WorkItemDraft(
                configuration: Samples.configuration(), scope: .bulk([]), typeFields: bug, marker: marker)
        }

        #expect(error.field == "vulnerabilityIds")
        #expect(!error.isConfigurationIncomplete)
    }

    @Test("the JSON Patch body adds each field and encodes numbers as numbers")
    func jsonPatchBody() throws {
        var configuration = Samples.configuration(workItemType: "Task")
        configuration.assignee = nil
        configuration.areaPath = nil

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .single(Samples.vulnerability(severity: .critical)),
            typeFields: task, marker: marker)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try JSONSerialization.jsonObject(with: encoder.encode(draft.operations)) as? [[String: Any]]
        let operations = try #require(body)

        #expect(operations.count == 4)
        #expect(operations.allSatisfy { $0["op"] as? String == "add" })
        #expect(operations.map { $0["path"] as? String } == [
            "/fields/System.Title", "/fields/System.Description", "/fields/System.Tags",
            "/fields/Microsoft.VSTS.Common.Priority",
        ])
        #expect(operations[3]["value"] as? Int == 1)
        #expect(operations[0]["value"] as? String == draft.title)
    }
}
