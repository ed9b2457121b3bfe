import Foundation
import JSON
import Testing
import TestSupport

/// `Scripts/demo`, the whole job on the OWASP Benchmark's real vulnerabilities, run as README documents it
/// (with the binaries this test run built), and its summary checked number by number.
@Suite("demo on the OWASP Benchmark")
struct DemoTests {
    /// The answer key has 1,415 real vulnerabilities: 398 Critical and 421 High get automatic tickets, the 596
    /// Medium and Low ones go in bulk, one work item per rule (5 rules).
    static let vulnerabilities = 1_415
    static let automaticTickets = 819
    static let bulkTickets = 5

    @Test("reports, tickets, closes and reopens, and the tracker's outcome flows back")
    func wholeJob() throws {
        let directory = try TemporaryDirectory(prefix: "tb-demo")
        let summaryPath = directory.file("summary.json")

        let outcome = try ChildProcess.run(
            try BuiltProducts.packageRoot + "/Scripts/demo", ["--summary", summaryPath], in: directory,
            environment: [BuiltProducts.environmentVariable: BuiltProducts.directory], timeout: 1_800
        )

        try #require(outcome.exit == .exited(0), "\(outcome.standardOutput)\n\(outcome.standardError)")
        let summary = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: summaryPath))))
        let tickets = try #require(summary["tickets"])
        let vulnerabilities = try #require(summary["vulnerabilities"])

        #expect(tickets["total"]?.intValue == DemoTests.automaticTickets + DemoTests.bulkTickets)
        #expect(tickets["byOrigin"] == ["auto": 819, "manual": 5])
        // 20 closed (5 of them reopened), 3 removed, and the bulk cookie-flags-missing work item closed.
        #expect(tickets["byState"] == ["Active": 5, "Closed": 16, "New": 800, "Removed": 3])
        #expect(vulnerabilities["total"]?.intValue == DemoTests.vulnerabilities)
        #expect(vulnerabilities["bySeverity"] == ["Critical": 398, "High": 421, "Low": 36, "Medium": 560])
        // 15 closed singles plus the 36 vulnerabilities of the closed bulk ticket; 3 removed.
        #expect(vulnerabilities["byStatus"] == ["NotAProblem": 3, "Remediated": 51, "Reported": 1_361])

        let sample = try #require(summary["sample"])
        let discussion = sample["discussion"]?.arrayValue ?? []
        #expect(sample["status"] == "Reported")
        #expect(discussion.count == 2, "closed, then reopened")
        #expect(discussion.first?["text"]?.stringValue?.contains("Remediated") == true)
        #expect(outcome.standardOutput.contains("Vulnerabilities: 1415"))
        #expect(!outcome.standardOutput.contains("demo-pat"), "the PAT never shows in the demo's output")
    }
}
