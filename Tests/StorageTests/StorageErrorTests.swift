import Foundation
import SQLite
@testable import Storage
import Testing

@Suite("Storage errors")
struct StorageErrorTests {
    @Test("a database locked by another writer past the busy timeout is ABORTED and retryable")
    func busyIsRetryable() throws {
        let fixture = try StoreFixture()
        let impatient = try fixture.openAnother(busyTimeoutMilliseconds: 20)
        let blocker = try Connection(path: fixture.databasePath)
        try blocker.execute(script: "BEGIN IMMEDIATE")

        let error = try #require(throws: StorageError.self) {
            try impatient.vulnerabilities.upsert([sampleVulnerability(id: "v1")])
        }

        #expect(error.kind == .busy)
        #expect(error.retryable)
        #expect(error.statusName == "ABORTED")
        try blocker.execute(script: "ROLLBACK")
        #expect(try impatient.vulnerabilities.upsert([sampleVulnerability(id: "v1")]).created == ["v1"])
    }

    @Test("other SQLite failures are INTERNAL with a message that leaks no SQL or values")
    func internalHidesDetails() {
        let failure = SQLiteError(
            code: 19 | (2 << 8), message: "CHECK constraint failed: token = 'hunter2'", sql: "UPDATE t SET a = ?"
        )

        let error = StorageError.classify(failure, operation: "saving a ticket")

        #expect(error.kind == .internal)
        #expect(error.statusName == "INTERNAL")
        #expect(!error.retryable)
        #expect(error.message == "storage failed while saving a ticket; see the server log")
        #expect(error.detail?.contains("UPDATE t SET a = ?") == true)
    }

    @Test("unique violations become ALREADY_EXISTS")
    func uniqueIsAlreadyExists() {
        let failure = SQLiteError(code: 2067, message: "UNIQUE constraint failed: jobs.unique_key")

        #expect(StorageError.classify(failure, operation: "queueing a job").kind == .alreadyExists)
    }
}
