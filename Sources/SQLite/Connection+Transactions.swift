import CSQLite

extension Connection {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Inside another transaction this becomes a savepoint, so a repository method that needs atomicity can
    /// be called on its own or as one step of a larger unit of work.
    public func transaction<Result>(
        _ kind: TransactionKind = .immediate,
        _ body: () throws -> Result
    ) throws -> Result {
        if transactionDepth > 0 {
            return try savepoint(body)
        }
        try execute(script: "BEGIN \(kind.rawValue)")
        transactionDepth = 1
        defer { transactionDepth = 0 }

        let result: Result
        do {
            result = try body()
        } catch {
            rollbackIgnoringErrors()
            throw error
        }

        do {
            try execute(script: "COMMIT")
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        return result
    }

    private func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        let name = "nested_\(transactionDepth)"
        try execute(script: "SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }

        do {
            let result = try body()
            try execute(script: "RELEASE \(name)")
            return result
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then closes it without undoing the outer work.
            try? execute(script: "ROLLBACK TO \(name); RELEASE \(name)")
            throw error
        }
    }

    private func rollbackIgnoringErrors() {
        // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); then ROLLBACK fails harmlessly.
        if isInTransaction {
            try? execute(script: "ROLLBACK")
        }
    }
}
