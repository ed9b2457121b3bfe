import Foundation
import JSON
import Testing
import TestSupport

/// What the work items look like: title, escaped HTML description, tags with the marker, assignee, area
/// path, and Severity or Priority by what the type has (SPEC §6), for single and bulk tickets.
@Suite("createTickets: work item content")
struct TicketContentTests {
    private func fields(_ item: JSONValue) -> JSONValue { item["fields"] ?? .null }

    @Test("a single Bug carries the prefixed title, escaped description, tags, assignee, area path and Severity")
    func singleBug() throws {
        let bench = try TicketBench(configuration: [
            "assignee": "carol@example.com", "areaPath": "Project 0001\\Security", "tags": ["security", "scan"],
        ])
        try bench.report([TicketBench.vulnerability("v-1", severity: "Medium", title: "SQL <injection> & more", extra: [
            "url": "https://scanner.example.com/findings/v-1", "description": "Quote \" and 'apostrophe'",
            "details": "POST /login\nuser=<script>alert(1)</script>",
        ])])

        let result = try bench.createTickets(["v-1"]).requireResult()

        let ticket = try #require(result["tickets"]?.arrayValue?.first)
        #expect(result["failures"]?.arrayValue?.isEmpty == true)
        #expect(ticket["vulnerabilityIds"] == ["v-1"])
        #expect(ticket["origin"] == "manual")
        #expect(ticket["workItemType"] == "Bug")
        #expect(ticket["open"] == true)
        let item = try #require(try bench.workItems().first)
        #expect(ticket["workItemId"] == item["id"])
        let fields = fields(item)
        #expect(fields["System.Title"] == "[Shop <Web> & Co] SQL <injection> & more")
        let description = try #require(fields["System.Description"]?.stringValue)
        #expect(description.contains("SQL &lt;injection&gt; &amp; more"))
        #expect(description.contains("Shop &lt;Web&gt; &amp; Co"))
        #expect(description.contains("Quote &quot; and &#39;apostrophe&#39;"))
        #expect(description.contains("user=&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!description.contains("<script>"))
        #expect(description.contains("<a href=\"https://scanner.example.com/findings/v-1\">"))
        #expect(description.contains("v-1"))
        #expect(fields["Microsoft.VSTS.Common.Severity"] == "3 - Medium")
        #expect(fields["System.AreaPath"] == "Project 0001\\Security")
        #expect(fields["System.AssignedTo"]?.stringValue?.contains("carol@example.com") == true)
        let tags = item["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(tags.contains("security") && tags.contains("scan") && tags.contains("sql-injection"))
        #expect(tags.contains("tracker-bridge:\(ticket["id"]?.stringValue ?? "?")"))
    }

    @Test("excludeSensitiveInfo leaves the details out and says so")
    func sensitiveDetailsWithheld() throws {
        let bench = try TicketBench(configuration: ["excludeSensitiveInfo": true])
        try bench.report([TicketBench.vulnerability("v-1", extra: ["details": "Cookie: session=SECRET-VALUE"])])

        _ = try bench.createTickets(["v-1"]).requireResult()

        let description = try #require(try bench.workItems().first?["fields"]?["System.Description"]?.stringValue)
        #expect(!description.contains("SECRET-VALUE"))
        #expect(description.contains("withheld"))
    }

    @Test("a Task has no Severity, so the mapped Priority is set; titlePrefix false drops the prefix")
    func taskGetsPriority() throws {
        let bench = try TicketBench(configuration: [
            "workItemType": "Task", "titlePrefix": false, "priorityMap": ["Critical": 1, "High": 1],
        ])
        try bench.report([TicketBench.vulnerability("v-1", severity: "High", title: "Weak cipher")])

        let ticket = try #require(try bench.createTickets(["v-1"]).requireResult()["tickets"]?.arrayValue?.first)

        #expect(ticket["workItemType"] == "Task")
        let fields = try #require(try bench.workItems().first)["fields"] ?? .null
        #expect(fields["System.Title"] == "Weak cipher")
        #expect(fields["System.WorkItemType"] == "Task")
        #expect(fields["Microsoft.VSTS.Common.Priority"] == 1)
        #expect(fields["Microsoft.VSTS.Common.Severity"] == nil)
    }

    @Test("Basic's Issue has neither Severity nor Priority: neither is sent and the work item is created")
    func basicIssueHasNeither() throws {
        let bench = try TicketBench(
            simulatorArguments: ["--process", "Basic"], configuration: ["workItemType": "Issue"]
        )
        try bench.report([TicketBench.vulnerability("v-1", severity: "Critical")])

        let result = try bench.createTickets(["v-1"]).requireResult()

        #expect(result["failures"]?.arrayValue?.isEmpty == true, "\(result)")
        let item = try #require(try bench.workItems().first)
        #expect(item["type"] == "Issue")
        #expect(item["fields"]?["Microsoft.VSTS.Common.Severity"] == nil)
        #expect(item["fields"]?["Microsoft.VSTS.Common.Priority"] == nil)
    }

    @Test("bulk: one work item for all, titled by count and application, highest severity, one row each")
    func bulkContent() throws {
        let bench = try TicketBench()
        try bench.report([
            TicketBench.vulnerability("v-1", severity: "Low", rule: "xss"),
            TicketBench.vulnerability("v-2", severity: "Critical", rule: "sql-injection"),
            TicketBench.vulnerability("v-3", severity: "Medium", rule: "xss"),
        ])

        let result = try bench.createTickets(["v-1", "v-2", "v-3"], ["bulk": true]).requireResult()

        let tickets = try #require(result["tickets"]?.arrayValue)
        #expect(tickets.count == 1)
        #expect(tickets.first?["vulnerabilityIds"] == ["v-1", "v-2", "v-3"])
        let items = try bench.workItems()
        #expect(items.count == 1)
        let fields = items.first?["fields"] ?? .null
        #expect(fields["System.Title"] == "3 vulnerabilities in Shop <Web> & Co")
        #expect(fields["Microsoft.VSTS.Common.Severity"] == "1 - Critical")
        let description = fields["System.Description"]?.stringValue ?? ""
        #expect(description.components(separatedBy: "<tr>").count - 1 == 4, "a header row and one row per finding")
        let tags = items.first?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(tags.contains("xss") && tags.contains("sql-injection"))
    }

    @Test("per-call overrides: project, work item type, assignee and the bulk title")
    func overrides() throws {
        let bench = try TicketBench(configuration: ["assignee": "alice@example.com"])
        try bench.report([TicketBench.vulnerability("v-1"), TicketBench.vulnerability("v-2")])

        let single = try bench.createTickets(["v-1"], [
            "project": "Project 0002", "workItemType": "user story", "assignee": "bob@example.com",
        ]).requireResult()
        let bulk = try bench.createTickets(["v-2"], ["bulk": true, "title": "Release <blocker>"]).requireResult()

        let singleTicket = try #require(single["tickets"]?.arrayValue?.first)
        #expect(singleTicket["project"] == "Project 0002")
        #expect(singleTicket["workItemType"] == "User Story", "the type as the tracker names it")
        let items = try bench.workItems()
        #expect(items.count == 2)
        #expect(items[0]["project"] == "Project 0002")
        #expect(items[0]["type"] == "User Story")
        #expect(items[0]["fields"]?["System.AssignedTo"]?.stringValue?.contains("bob@example.com") == true)
        #expect(items[0]["fields"]?["Microsoft.VSTS.Common.Priority"] == 2)
        #expect(bulk["tickets"]?.arrayValue?.first?["project"] == "Project 0001")
        #expect(items[1]["fields"]?["System.Title"] == "Release <blocker>")
        #expect(items[1]["fields"]?["System.AssignedTo"]?.stringValue?.contains("alice@example.com") == true)
    }
}
