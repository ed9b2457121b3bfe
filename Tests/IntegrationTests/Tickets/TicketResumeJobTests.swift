import Foundation
import JSON
import Testing
import TestSupport

/// A ticket left pending by a call (the tracker's answer lost, and the search for its marker failing too) is
/// settled by its durable resume job while the server runs, retried for as long as the tracker stays down.
///
/// The job's waits (two minutes, then the queue's backoff) are skipped by making it due in the database file
/// with the sqlite3 shell, as the passing of time would.
@Suite("tickets: the resume job while the server runs")
struct TicketResumeJobTests {
    /// More attempts than the queue's standard policy allows a job.
    static let attemptsThroughOutage = 10

    @Test("a pending ticket's resume job keeps retrying through a long outage, then adopts the work item")
    func resumeJobOutlastsOutage() throws {
        let bench = try TicketBench()
        try bench.report([TicketBench.vulnerability("v-1")])
        try bench.tracker.admin.setFaults([
            "holdNextCreate": "drop", "serverError": ["count": 100_000, "status": 500, "match": "wiql"],
        ])

        let result = try bench.createTickets(["v-1"]).requireResult()

        #expect(result["failures"]?.arrayValue?.count == 1)
        #expect(try bench.workItems().count == 1, "the tracker stored the work item whose answer was lost")
        var job = try resumeJob(of: bench)
        while job.attempts < Self.attemptsThroughOutage, job.state != "dead" {
            let attempts = job.attempts
            try sql(bench, "UPDATE jobs SET run_at = 0 WHERE kind = 'ticket.resume' AND state = 'queued'")
            try bench.waitUntil("the resume job made attempt \(attempts + 1)") {
                job = try resumeJob(of: bench)
                return job.attempts > attempts && job.state != "leased"
            }
        }
        try #require(job.state == "queued", "the job is still waiting for its next attempt")
        #expect(try bench.tickets().isEmpty)

        try bench.tracker.admin.reset()
        try sql(bench, "UPDATE jobs SET run_at = 0 WHERE kind = 'ticket.resume' AND state = 'queued'")

        try bench.waitUntil("the resume job adopted the work item") { try bench.tickets(of: "v-1").count == 1 }
        let items = try bench.workItems()
        #expect(items.count == 1, "adopted, not created again")
        #expect(try bench.tickets().first?["workItemId"] == items.first?["id"])
        try bench.waitUntil("the resume job is done") { try resumeJob(of: bench).state == "succeeded" }
    }

    private func resumeJob(of bench: TicketBench) throws -> (attempts: Int, state: String) {
        let row = try sql(bench, "SELECT attempts, state FROM jobs WHERE kind = 'ticket.resume'")
        let columns = row.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
        guard columns.count == 2, let attempts = Int(columns[0]) else {
            throw TestSupportError("expected one ticket resume job, the database has: \(row)")
        }
        return (attempts, String(columns[1]))
    }

    @discardableResult
    private func sql(_ bench: TicketBench, _ statement: String) throws -> String {
        let outcome = try ChildProcess.run(
            "/usr/bin/sqlite3", ["-cmd", ".timeout 5000", bench.server.databasePath, statement], in: bench.directory
        )
        guard case .exited(0) = outcome.exit else {
            throw TestSupportError("sqlite3 failed on \(statement): \(outcome.standardError)")
        }
        return outcome.standardOutput
    }
}
