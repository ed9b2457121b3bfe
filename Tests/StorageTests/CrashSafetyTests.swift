import Domain
import Foundation
import SQLite
import Storage
import Testing

/// A child process runs our storage code in a write loop and is killed with SIGKILL at random moments; after
/// each kill the database must be sound and hold every acknowledged batch whole, and no batch in part.
@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("SIGKILL during writes loses no committed batch and leaves no partial one")
    func killedWriterLosesNothing() throws {
        let directory = try TemporaryDirectory()
        let files = CrashWriterFiles(directory: directory.path)
        var acknowledged = 0

        for round in 1...6 {
            let writer = try startWriter(files)
            let target = acknowledged + Int.random(in: 2...25)
            let reached = waitForAcknowledgements(atLeast: target, in: files, while: writer)
            // A random extra pause moves the kill to a random point inside a later batch.
            usleep(UInt32.random(in: 0...4_000))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()

            #expect(reached, "round \(round): the writer exited before acknowledging \(target) batches")
            #expect(writer.terminationReason == .uncaughtSignal)
            acknowledged = try files.acknowledgedBatches().count
            try verify(files, round: round)
        }
        #expect(acknowledged >= 12)
    }

    private func startWriter(_ files: CrashWriterFiles) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "CrashWriterProcess/writeUntilKilled"]
        var environment = ProcessInfo.processInfo.environment
        environment[CrashWriterFiles.environmentKey] = files.directory
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func waitForAcknowledgements(atLeast target: Int, in files: CrashWriterFiles, while writer: Process)
        -> Bool
    {
        while writer.isRunning {
            if let count = try? files.acknowledgedBatches().count, count >= target {
                return true
            }
            usleep(2_000)
        }
        return false
    }

    private func verify(_ files: CrashWriterFiles, round: Int) throws {
        let store = try Store.open(databasePath: files.database, keyFilePath: files.key)
        #expect(try store.database.integrityCheck() == ["ok"], "round \(round)")

        let acknowledged = try files.acknowledgedBatches()
        let connection = try Connection(path: files.database, readOnly: true)
        let vulnerabilityBatches = try countsPerBatch(connection, """
            SELECT CAST(substr(id, 2, instr(id, '-') - 2) AS INTEGER), count(*) FROM vulnerabilities GROUP BY 1
            """)
        let jobBatches = try countsPerBatch(
            connection, "SELECT CAST(payload AS INTEGER), count(*) FROM jobs GROUP BY 1"
        )
        let ticketBatches = try countsPerBatch(connection, """
            SELECT CAST(substr(t.id, 2) AS INTEGER), count(*) FROM tickets t
            JOIN ticket_vulnerabilities tv ON tv.ticket_id = t.id WHERE t.lifecycle = 'created' GROUP BY 1
            """)
        let commentBatches = try countsPerBatch(connection, """
            SELECT CAST(substr(vulnerability_id, 2, instr(vulnerability_id, '-') - 2) AS INTEGER), count(*)
            FROM discussion_comments GROUP BY 1
            """)

        let stored = Set(vulnerabilityBatches.keys)
        #expect(acknowledged.isSubset(of: stored), "round \(round): acknowledged batches are missing")
        // Each kill may land between a commit and its log line: at most one such batch per round.
        #expect(stored.subtracting(acknowledged).count <= round, "round \(round): too many unacknowledged batches")
        #expect(vulnerabilityBatches.values.allSatisfy { $0 == CrashWriter.batchSize }, "round \(round): partial batch")
        #expect(jobBatches == stored.reduce(into: [:]) { $0[$1] = 1 }, "round \(round): jobs do not match batches")
        #expect(ticketBatches == vulnerabilityBatches, "round \(round): ticket links do not match batches")
        #expect(commentBatches == stored.reduce(into: [:]) { $0[$1] = 1 }, "round \(round): comments do not match")
        #expect(try store.configurations.personalAccessToken(of: CrashWriter.configurationId) == CrashWriter.token)
    }

    private func countsPerBatch(_ connection: Connection, _ sql: String) throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for row in try connection.query(sql) {
            counts[try row.int(0)] = try row.int(1)
        }
        return counts
    }
}
