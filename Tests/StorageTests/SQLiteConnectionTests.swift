import Foundation
import SQLite
import Testing

@Suite("SQLite connection")
struct SQLiteConnectionTests {
    let directory: TemporaryDirectory
    let connection: Connection

    init() throws {
        directory = try TemporaryDirectory()
        connection = try Connection(path: directory.file("plain.sqlite3"))
        try connection.execute(
            script: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, data BLOB)"
        )
    }

    @Test("binds and reads back every storage class, including NULL and an empty blob")
    func roundTripsValues() throws {
        let insert = "INSERT INTO items (id, name, score, data) VALUES (?, ?, ?, ?)"
        try connection.run(insert, [7, "seven", 7.5, [UInt8]()])
        try connection.run(insert, [8, String?.none, 1.0, [1, 2]])

        let rows = try connection.query("SELECT id, name, score, data FROM items ORDER BY id")

        #expect(rows.count == 2)
        #expect(try rows[0].int(0) == 7)
        #expect(try rows[0].string(1) == "seven")
        #expect(try rows[0].double(2) == 7.5)
        #expect(try rows[0].blob(3) == [])
        #expect(rows[0][3] == .blob([]))
        #expect(try rows[1].optionalString(1) == nil)
        #expect(try rows[1].blob(3) == [1, 2])
    }

    @Test("reading a column as the wrong type throws instead of guessing")
    func wrongTypeThrows() throws {
        try connection.run("INSERT INTO items (id, name) VALUES (1, 'one')")
        let row = try #require(try connection.queryFirst("SELECT name FROM items"))

        #expect(throws: SQLiteError.self) { try row.int(0) }
    }

    @Test("a failed statement keeps the extended code, SQLite's message and the SQL without values")
    func errorsKeepCodeMessageAndSQL() throws {
        let insert = "INSERT INTO items (id, name) VALUES (?, ?)"
        try connection.run(insert, [1, "secret-value"])

        let error = try #require(throws: SQLiteError.self) { try connection.run(insert, [2, "secret-value"]) }

        #expect(error.isUniqueViolation)
        #expect(error.code == 2067)
        #expect(error.message.contains("UNIQUE constraint failed: items.name"))
        #expect(error.sql == insert)
        #expect(!error.description.contains("secret-value"))
    }

    @Test("a wrong number of parameters is an error, not a silent NULL")
    func parameterCountIsChecked() throws {
        #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO items (id) VALUES (?)", [1, 2]) }
    }

    @Test("a transaction commits when its body returns and rolls back when it throws")
    func transactionsCommitOrRollBack() throws {
        struct Abandon: Error {}
        try connection.transaction { try connection.run("INSERT INTO items (id) VALUES (1)") }
        #expect(throws: Abandon.self) {
            try connection.transaction {
                try connection.run("INSERT INTO items (id) VALUES (2)")
                throw Abandon()
            }
        }

        let ids = try connection.query("SELECT id FROM items ORDER BY id").map { try $0.int(0) }
        #expect(ids == [1])
        #expect(!connection.isInTransaction)
    }

    @Test("a nested transaction is a savepoint: its failure undoes only its own work")
    func nestedTransactionIsSavepoint() throws {
        struct Abandon: Error {}
        try connection.transaction {
            try connection.run("INSERT INTO items (id) VALUES (1)")
            try? connection.transaction {
                try connection.run("INSERT INTO items (id) VALUES (2)")
                throw Abandon()
            }
            try connection.run("INSERT INTO items (id) VALUES (3)")
        }

        let ids = try connection.query("SELECT id FROM items ORDER BY id").map { try $0.int(0) }
        #expect(ids == [1, 3])
    }

    @Test("a statement is prepared once and reused with new bindings")
    func statementsAreReused() throws {
        for id in 1...500 {
            try connection.run("INSERT INTO items (id, name) VALUES (?, ?)", [id, "item \(id)"])
        }

        #expect(try connection.queryFirst("SELECT count(*) FROM items")?.int(0) == 500)
        #expect(try connection.queryFirst("SELECT name FROM items WHERE id = ?", [250])?.string(0) == "item 250")
        #expect(connection.lastInsertRowID == 500)
    }
}
