import Foundation
import JSON
import Testing
import TestSupport

/// `listProjects`, `listWorkItemTypes` and `listAssignees` against the simulator.
@Suite("configurations: projects, work item types and assignees")
struct TrackerDirectoryTests {
    @Test("listProjects lists every project with id and name")
    func projects() throws {
        let bench = try ConfigurationBench(simulator: ["--projects", "250"])
        let configuration = try bench.create()

        let projects = try bench.client.call("listProjects", ["configurationId": configuration["id"]!])
            .requireResult()["projects"]?.arrayValue ?? []

        #expect(projects.count == 250)
        #expect(projects.allSatisfy { $0["id"]?.stringValue != nil && $0["name"]?.stringValue != nil })
    }

    @Test("listWorkItemTypes tells which types carry Severity and Priority",
          arguments: [("Agile", "Bug", true, true), ("Basic", "Issue", false, false)])
    func workItemTypes(process: String, type: String, hasSeverity: Bool, hasPriority: Bool) throws {
        let bench = try ConfigurationBench(simulator: ["--process", process])
        let configuration = try bench.create(extra: ["project": "Project 0001"])

        let types = try bench.client.call("listWorkItemTypes", ["configurationId": configuration["id"]!])
            .requireResult()["workItemTypes"]?.arrayValue ?? []

        let found = try #require(types.first { $0["name"] == .string(type) })
        #expect(found["hasSeverity"] == .bool(hasSeverity))
        #expect(found["hasPriority"] == .bool(hasPriority))
        #expect(found["states"]?.arrayValue?.isEmpty == false)
    }

    @Test("listAssignees reads both member shapes (2.0 and 7.1) from the project's default team",
          arguments: ["2.0", "7.1"])
    func assignees(apiVersion: String) throws {
        let bench = try ConfigurationBench()
        let configuration = try bench.create(extra: ["apiVersion": .string(apiVersion)])

        let assignees = try bench.client.call("listAssignees", [
            "configurationId": configuration["id"]!, "project": "Project 0002",
        ]).requireResult()["assignees"]?.arrayValue ?? []

        #expect(!assignees.isEmpty)
        #expect(assignees.allSatisfy { $0["uniqueName"]?.stringValue?.contains("@") == true })
    }

    @Test("without a project the listings that need one are FAILED_PRECONDITION; an unknown project NOT_FOUND")
    func projectNeeded() throws {
        let bench = try ConfigurationBench()
        let configuration = try bench.create()

        let noProject = try bench.client.call("listWorkItemTypes", ["configurationId": configuration["id"]!])
            .requireError()
        let unknownProject = try bench.client.call("listAssignees", [
            "configurationId": configuration["id"]!, "project": "No Such Project",
        ]).requireError()

        #expect(noProject.status == "FAILED_PRECONDITION")
        #expect(noProject.violatedFields == ["project"])
        #expect(unknownProject.status == "NOT_FOUND")
    }
}
