import Domain
import JSON
import Testing
import struct Simulator.SimulatorConfiguration

@testable import Tracker

@Suite("Azure DevOps client operations against the simulator")
struct AzureDevOpsClientOperationTests {
    static let titleOperation = JSONPatchOperation.add(field: "System.Title", .string("SQL injection in /login"))

    @Test("connectionData names the token's user and the deployment type")
    func connectionData() async throws {
        let info = try await TrackerClientSession.run { session in
            try await session.client().connectionData()
        }

        #expect(info.user.displayName == "Alice Admin")
        #expect(info.user.uniqueName == "alice@example.com")
        #expect(info.deploymentType != nil)
    }

    @Test("projects page through every project in both paging styles", arguments: ["skip", "continuation"])
    func projects(paging: String) async throws {
        let (projects, reports, pageRequests) = try await TrackerClientSession.run(configure: {
            $0.projectCount = 230
            $0.paging = paging == "skip" ? .skip : .continuation
        }) { session in
            var reports: [ProjectListingProgress] = []
            let projects = try await session.client(apiVersion: "5.0").projects(pageSize: 100) { reports.append($0) }
            let pages = try await session.counters().requests(route: "_apis/projects").count
            return (projects, reports, pages)
        }

        #expect(projects.count == 230)
        #expect(Set(projects.map(\.id)).count == 230)
        #expect(projects.first?.name == "Project 0001")
        #expect(projects.last?.name == "Project 0230")
        #expect(reports.map(\.fetched) == [100, 200, 230])
        #expect(pageRequests == 3)
    }

    @Test("a collection with an exact multiple of the page size ends with one empty page")
    func projectsExactMultiple() async throws {
        let count = try await TrackerClientSession.run(configure: {
            $0.projectCount = 200
            $0.paging = .skip
        }) { session in
            try await session.client().projects(pageSize: 100).count
        }

        #expect(count == 200)
    }

    @Test("work item types tell which carry Severity and Priority, with their states")
    func workItemTypes() async throws {
        let types = try await TrackerClientSession.run { session in
            try await session.client().workItemTypes(project: "Project 0001")
        }

        let bug = try #require(types.first { $0.name == "Bug" })
        let story = try #require(types.first { $0.name == "User Story" })
        #expect(bug.hasSeverity && bug.hasPriority)
        #expect(!story.hasSeverity && story.hasPriority)
        #expect(bug.states.contains("Active") && bug.states.contains("Closed"))
    }

    @Test("team members are read in the 2.x shape and in the wrapped newer shape", arguments: ["2.0", "5.0"])
    func teamMembers(apiVersion: String) async throws {
        let members = try await TrackerClientSession.run { session in
            try await session.client(apiVersion: apiVersion).teamMembers(project: "Project 0001",
                                                                          team: "Project 0001 Team")
        }

        #expect(members.map(\.displayName) == ["Alice Admin", "Bob Builder", "Carol Security"])
        #expect(members.first?.uniqueName == "alice@example.com")
    }

    @Test("creating uses PATCH for 2.x and POST for newer versions, with the type name encoded",
          arguments: [("2.0", "PATCH"), ("7.1", "POST")])
    func createWorkItem(apiVersion: String, method: String) async throws {
        let (item, creates) = try await TrackerClientSession.run { session in
            let item = try await session.client(apiVersion: apiVersion).createWorkItem(
                project: "Project 0001", type: "User Story",
                operations: [Self.titleOperation, .add(field: "Microsoft.VSTS.Common.Priority", .int(2))]
            )
            let creates = try await session.counters().requests(route: "{project}/_apis/wit/workitems/${type}")
            return (item, creates)
        }

        #expect(item.title == "SQL injection in /login")
        #expect(item.workItemType == "User Story")
        #expect(item.fields["Microsoft.VSTS.Common.Priority"]?.intValue == 2)
        #expect(item.rev == 1)
        #expect(item.webURL?.hasSuffix("/_workitems/edit/\(item.id)") == true)
        #expect(creates.map(\.method) == [method])
    }

    @Test("many concurrent creates on one loop finish, and reads go in chunks of at most 200")
    func manyCreatesAndChunkedReads() async throws {
        let count = 230
        let (created, read, readRequests) = try await TrackerClientSession.run { session in
            let client = try session.client()
            let created = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await client.createWorkItem(
                            project: "Project 0002", type: "Bug",
                            operations: [.add(field: "System.Title", .string("finding \(index)"))]
                        ).id
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let read = try await client.workItems(ids: created.reversed() + [created[0]])
            let readRequests = try await session.counters().requests(route: "_apis/wit/workitems", method: "GET")
            return (created, read, readRequests.count)
        }

        #expect(Set(created).count == count)
        #expect(read.map(\.id) == created.reversed())
        #expect(readRequests == 2)
    }

    @Test("a WIQL query by tag finds the marked work item only")
    func queryByTag() async throws {
        let (marked, found) = try await TrackerClientSession.run { session in
            let client = try session.client()
            let marker = TicketMarker(ticketId: "t-\(Int.random(in: 1000...9999))")
            _ = try await client.createWorkItem(project: "Project 0001", type: "Bug", operations: [Self.titleOperation])
            let marked = try await client.createWorkItem(
                project: "Project 0001", type: "Bug",
                operations: [Self.titleOperation, .add(field: "System.Tags", .string("security; \(marker.tag)"))]
            )
            let found = try await client.queryByTag(project: "Project 0001", tag: marker.tag)
            return (marked.id, found)
        }

        #expect(found == [marked])
    }

    @Test("a comment lands in System.History as a new revision")
    func addComment() async throws {
        let (created, commented) = try await TrackerClientSession.run { session in
            let client = try session.client()
            let created = try await client.createWorkItem(project: "Project 0001", type: "Bug",
                                                          operations: [Self.titleOperation])
            let commented = try await client.addComment(id: created.id, html: "<p>Fixed in <b>build 12</b></p>")
            return (created, commented)
        }

        #expect(commented.id == created.id)
        #expect(commented.rev == created.rev + 1)
        #expect(commented.fields["System.History"]?.stringValue == "<p>Fixed in <b>build 12</b></p>")
    }

    @Test("a token with the work item scope passes the access check")
    func workItemAccessGranted() async throws {
        let access = try await TrackerClientSession.run { session in
            try await session.client().checkWorkItemAccess()
        }

        #expect(access == .granted)
    }

    @Test("requests to one host never exceed the bound, and wait their turn",
          arguments: [HostTrafficGate.defaultMaximumConcurrentRequestsPerHost, 3])
    func perHostBound(bound: Int) async throws {
        let configure: @Sendable (inout SimulatorConfiguration) -> Void = { $0.latencyMilliseconds = 150 }
        let (highest, gateHighest, total) = try await TrackerClientSession.run(configure: configure) { session in
            let gate = HostTrafficGate(loop: session.loop, maximumConcurrentRequestsPerHost: bound)
            let client = try session.client(gate: gate)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<(bound * 4) {
                    group.addTask { _ = try await client.workItemTypes(project: "Project 0001") }
                }
                try await group.waitForAll()
            }
            let counters = try await session.counters()
            return (counters.maximumConcurrentRequests, gate.highestConcurrency(host: client.endpoint),
                    counters.totalRequests)
        }

        #expect(total == bound * 4)
        #expect(highest == bound)
        #expect(gateHighest == bound)
    }
}
