import Domain
import Foundation
import Storage

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
