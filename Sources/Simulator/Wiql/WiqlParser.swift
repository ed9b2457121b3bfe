/// Parses the subset of WIQL the bridge and its tests need: flat queries over WorkItems with `=`, `<>`,
/// `<`, `>`, `<=`, `>=`, `CONTAINS`, `CONTAINS WORDS`, `IN`, `UNDER` (each with `NOT`), `AND`, `OR`,
/// parentheses and `ORDER BY`.
struct WiqlParser {
    private let tokens: [WiqlToken]
    private var position = 0

    static func parse(_ text: String) throws -> WiqlQuery {
        var parser = WiqlParser(tokens: try WiqlLexer.tokens(text))
        return try parser.query()
    }

    private init(tokens: [WiqlToken]) {
        self.tokens = tokens
    }

    private var current: WiqlToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func query() throws -> WiqlQuery {
        try expectKeyword("SELECT")
        var columns = [try fieldName()]
        while takeSymbol(",") { columns.append(try fieldName()) }
        try expectKeyword("FROM")
        guard let source = current, source.isKeyword("WorkItems") else {
            throw TrackerError.invalidQuery("Only FROM WorkItems is supported by the simulator.")
        }
        position += 1

        var condition = WiqlQuery.Condition.all
        if takeKeyword("WHERE") { condition = try disjunction() }
        var ordering: [(field: String, descending: Bool)] = []
        if takeKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let field = try fieldName()
                let descending = takeKeyword("DESC")
                if !descending { _ = takeKeyword("ASC") }
                ordering.append((field, descending))
            } while takeSymbol(",")
        }
        if takeKeyword("ASOF") { _ = try operand() }
        guard current == nil else { throw TrackerError.invalidQuery("Unexpected text after the query: \(current!).") }
        return WiqlQuery(columns: columns, condition: condition, ordering: ordering)
    }

    private mutating func disjunction() throws -> WiqlQuery.Condition {
        var left = try conjunction()
        while takeKeyword("OR") { left = .or(left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws -> WiqlQuery.Condition {
        var left = try negation()
        while takeKeyword("AND") { left = .and(left, try negation()) }
        return left
    }

    private mutating func negation() throws -> WiqlQuery.Condition {
        if takeKeyword("NOT") { return .not(try negation()) }
        if takeSymbol("(") {
            let inner = try disjunction()
            guard takeSymbol(")") else { throw TrackerError.invalidQuery("Expecting ) to close a group.") }
            return inner
        }
        return try comparison()
    }

    private mutating func comparison() throws -> WiqlQuery.Condition {
        let field = try fieldName()
        let negated = takeKeyword("NOT")
        let op: String
        if case .symbol(let symbol) = current, ["=", "<>", "!=", "<", ">", "<=", ">="].contains(symbol) {
            position += 1
            op = symbol == "!=" ? "<>" : symbol
        } else if takeKeyword("CONTAINS") {
            op = takeKeyword("WORDS") ? "CONTAINS WORDS" : "CONTAINS"
        } else if takeKeyword("IN") {
            op = "IN"
        } else if takeKeyword("UNDER") {
            op = "UNDER"
        } else if takeKeyword("EVER") {
            op = "="
        } else {
            throw TrackerError.invalidQuery("Expecting a comparison operator after [\(field)].")
        }
        if op == "IN" && !takeSymbol("(") { throw TrackerError.invalidQuery("Expecting ( after IN.") }
        var operand = try operand()
        if op == "IN" {
            var values = [operand]
            while takeSymbol(",") { values.append(try self.operand()) }
            guard takeSymbol(")") else { throw TrackerError.invalidQuery("Expecting ) to close the IN list.") }
            operand = .list(values)
        }
        let condition = WiqlQuery.Condition.comparison(field: field, operator: op, operand: operand)
        return negated ? .not(condition) : condition
    }

    private mutating func operand() throws -> WiqlQuery.Operand {
        switch current {
        case .string(let text), .number(let text):
            position += 1
            return .text(text)
        case .macro(let name):
            position += 1
            return .macro(name)
        default:
            throw TrackerError.invalidQuery("Expecting a value, found \(current.map { "\($0)" } ?? "the end").")
        }
    }

    private mutating func fieldName() throws -> String {
        switch current {
        case .field(let name), .word(let name):
            position += 1
            return name
        default:
            throw TrackerError.invalidQuery("Expecting a field name, found \(current.map { "\($0)" } ?? "the end").")
        }
    }

    private mutating func takeKeyword(_ keyword: String) -> Bool {
        guard let current, current.isKeyword(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func expectKeyword(_ keyword: String) throws {
        guard takeKeyword(keyword) else { throw TrackerError.invalidQuery("Expecting \(keyword).") }
    }

    private mutating func takeSymbol(_ symbol: String) -> Bool {
        guard current == .symbol(symbol) else { return false }
        position += 1
        return true
    }
}
