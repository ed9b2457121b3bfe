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

/// The writer side of the crash test. It runs only in the child process that the test above starts.
@Suite("Crash writer process")
struct CrashWriterProcess {
    @Test("writes batches until killed", .enabled(if: CrashWriterFiles.fromEnvironment != nil))
    func writeUntilKilled() throws {
        let files = try #require(CrashWriterFiles.fromEnvironment)
        try CrashWriter(files: files).run()
    }
}

/// Where the crash test's child writes: the database, its key and the acknowledgement log.
struct CrashWriterFiles {
    static let environmentKey = "STORAGE_TESTS_CRASH_WRITER_DIRECTORY"

    static var fromEnvironment: CrashWriterFiles? {
        ProcessInfo.processInfo.environment[environmentKey].map(CrashWriterFiles.init(directory:))
    }

    let directory: String
    var database: String { directory + "/bridge.sqlite3" }
    var key: String { directory + "/bridge.key" }
    var acknowledgements: String { directory + "/acknowledged.log" }

    /// The batches whose commit returned before the writer logged them (complete lines only).
    func acknowledgedBatches() throws -> Set<Int> {
        guard let data = FileManager.default.contents(atPath: acknowledgements) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return Set(lines.compactMap { Int($0) })
    }
}

/// Writes numbered batches, each one transaction touching every kind of record, and logs each after commit.
struct CrashWriter {
    static let batchSize = 20
    static let configurationId = "cfg-crash"
    static let token = "pat-crash-writer"

    let files: CrashWriterFiles

    func run() throws {
        let store = try Store.open(databasePath: files.database, keyFilePath: files.key)
        if try store.configurations.get(CrashWriter.configurationId) == nil {
            try store.configurations.create(
                sampleConfiguration(id: CrashWriter.configurationId, name: "Crash"),
                personalAccessToken: CrashWriter.token
            )
        }
        let log = open(files.acknowledgements, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        defer { close(log) }

        var batch = try store.vulnerabilities.count() / CrashWriter.batchSize
        // The parent kills us; stop on our own if it is gone (we were re-parented), so no writer outlives the run.
        let parent = getppid()
        while getppid() == parent {
            try write(batch: batch, to: store)
            let line = Array("\(batch)\n".utf8)
            _ = line.withUnsafeBytes { Foundation.write(log, $0.baseAddress, $0.count) }
            batch += 1
        }
    }

    private func write(batch: Int, to store: Store) throws {
        let ids = (0..<CrashWriter.batchSize).map { "b\(batch)-\($0)" }
        try store.database.write("writing a crash-test batch") {
            try store.vulnerabilities.upsert(ids.map { sampleVulnerability(id: $0) })
            try store.jobs.enqueue(kind: "autoTicket", payload: "\(batch)", uniqueKey: "batch-\(batch)")
            let comment = DiscussionComment(at: Date(), author: "writer", text: "batch \(batch)")
            try store.discussion.append(comment, to: ids[0])
            let ticketId = "t\(batch)"
            try store.tickets.insertPending(NewTicket(
                id: ticketId, configurationId: CrashWriter.configurationId, vulnerabilityIds: ids, project: "Web",
                workItemType: "Bug", origin: .auto, marker: "marker-\(batch)"
            ))
            try store.tickets.markCreated(
                ticketId, workItemId: batch + 1, url: "u", state: "New", open: true, revision: 1
            )
        }
    }
}
