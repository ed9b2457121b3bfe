import Domain
import Testing

@Suite("Ticket markers and tags")
struct TicketMarkerTests {
    @Test("the marker tag is derived from the ticket id and reads back")
    func roundTrip() throws {
        let marker = TicketMarker(ticketId: "9d0f1e52-3c1b-4b8e-8a47-5f0e2c7d1a93")

        #expect(marker.tag == "tracker-bridge:9d0f1e52-3c1b-4b8e-8a47-5f0e2c7d1a93")
        #expect(TicketMarker(tag: marker.tag) == marker)
        #expect(TicketMarker(tag: "sql-injection") == nil)
        #expect(TicketMarker(tag: "tracker-bridge:") == nil)
    }

    @Test("the marker is found among a work item's tags")
    func findInTags() throws {
        let tags = "security; sql-injection; tracker-bridge:t-42; scanner"

        #expect(TicketMarker.find(inTags: tags) == TicketMarker(ticketId: "t-42"))
        #expect(TicketMarker.find(inTags: "security; scanner") == nil)
        #expect(TicketMarker.find(inTags: "") == nil)
    }

    @Test("the WIQL query searches the tag and doubles quotes")
    func wiql() throws {
        let query = TicketMarker(ticketId: "o'brien").wiqlQuery

        #expect(query == "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'tracker-bridge:o''brien'")
    }

    @Test("tags are de-duplicated without regard to case, split on ';', and end with the marker")
    func tagsDeduplicated() throws {
        var configuration = Samples.configuration()
        configuration.tags = ["Security", " scanner ", "a;b", "", "SECURITY", "tracker-bridge:t-7"]
        let vulnerabilities = [
            Samples.vulnerability(id: "v1", rule: "security"),
            Samples.vulnerability(id: "v2", rule: "xss"),
            Samples.vulnerability(id: "v3", rule: "XSS"),
        ]

        let draft = try WorkItemDraft(
            configuration: configuration, scope: .bulk(vulnerabilities),
            typeFields: WorkItemTypeFields(hasSeverity: false, hasPriority: false),
            marker: TicketMarker(ticketId: "t-7"))

        #expect(draft.tags == "Security; scanner; a; b; xss; tracker-bridge:t-7")
        #expect(draft.value(of: "System.Tags") == .string(draft.tags))
    }

    @Test("work item type fields are read from the type's field references")
    func typeFieldsFromReferences() {
        let bug = WorkItemTypeFields(fieldReferences: [
            "System.Title", "Microsoft.VSTS.Common.Severity", "Microsoft.VSTS.Common.Priority",
        ])
        let issue = WorkItemTypeFields(fieldReferences: ["System.Title", "System.State"])

        #expect(bug == WorkItemTypeFields(hasSeverity: true, hasPriority: true))
        #expect(issue == WorkItemTypeFields(hasSeverity: false, hasPriority: false))
    }
}
