import JSON

/// Decides which work items a parsed query selects and in which order.
struct WiqlEvaluator {
    let collection: TrackerCollection
    /// The project of the route, for `@project`.
    let projectName: String?
    let user: Identity

    /// Checks the field names, then filters and sorts the live work items.
    func run(_ query: WiqlQuery) throws -> [WorkItem] {
        let condition = try resolved(query.condition)
        let ordering = try query.ordering.map { (field: try referenceName($0.field), descending: $0.descending) }
        for column in query.columns { _ = try referenceName(column) }

        let selected = try collection.workItems.values.filter { !$0.isDeleted }.filter { try matches(condition, $0) }
        let sortKeys = ordering.isEmpty ? [(field: "System.Id", descending: false)] : ordering
        return selected.sorted { left, right in
            for key in sortKeys {
                let order = compare(left.fields[key.field], right.fields[key.field])
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return left.id < right.id
        }
    }

    /// The reference name of a field given by reference or display name.
    func referenceName(_ name: String) throws -> String {
        for type in collection.process.workItemTypes {
            if let field = type.field(name) { return field.referenceName }
        }
        throw TrackerError.invalidQuery("TF51005: The query references a field that does not exist. "
            + "The error is caused by «\(name)».")
    }

    private func resolved(_ condition: WiqlQuery.Condition) throws -> WiqlQuery.Condition {
        switch condition {
        case .all: return .all
        case .and(let left, let right): return .and(try resolved(left), try resolved(right))
        case .or(let left, let right): return .or(try resolved(left), try resolved(right))
        case .not(let inner): return .not(try resolved(inner))
        case .comparison(let field, let op, let operand):
            return .comparison(field: try referenceName(field), operator: op, operand: operand)
        }
    }

    private func matches(_ condition: WiqlQuery.Condition, _ item: WorkItem) throws -> Bool {
        switch condition {
        case .all: return true
        case .and(let left, let right): return try matches(left, item) && matches(right, item)
        case .or(let left, let right): return try matches(left, item) || matches(right, item)
        case .not(let inner): return try !matches(inner, item)
        case .comparison(let field, let op, let operand):
            return try compare(field: field, op: op, operand: operand, item: item)
        }
    }

    private func compare(field: String, op: String, operand: WiqlQuery.Operand, item: WorkItem) throws -> Bool {
        let stored = item.fields[field]
        let text = stored?.stringValue ?? stored?.numberValue?.text ?? ""
        if case .list(let values) = operand {
            return try values.contains { try compare(field: field, op: "=", operand: $0, item: item) }
        }
        let wanted = try value(of: operand)

        switch op {
        case "=": return equal(field: field, text, wanted)
        case "<>": return !equal(field: field, text, wanted)
        case "CONTAINS" where field == "System.Tags":
            return WorkItemTags.split(text).contains { $0.lowercased() == wanted.lowercased() }
        case "CONTAINS", "CONTAINS WORDS":
            return text.lowercased().contains(wanted.lowercased())
        case "UNDER":
            return text.lowercased() == wanted.lowercased() || text.lowercased().hasPrefix(wanted.lowercased() + "\\")
        default:
            let order = compare(stored, .string(wanted))
            switch op {
            case "<": return order < 0
            case ">": return order > 0
            case "<=": return order <= 0
            default: return order >= 0
            }
        }
    }

    private func equal(field: String, _ text: String, _ wanted: String) -> Bool {
        if TrackerRendering.identityFields.contains(field), let member = collection.member(matching: text) {
            return member.matches(wanted)
        }
        if let left = Double(text), let right = Double(wanted) { return left == right }
        return text.lowercased() == wanted.lowercased()
    }

    private func value(of operand: WiqlQuery.Operand) throws -> String {
        switch operand {
        case .text(let text):
            return text
        case .macro("project"):
            guard let projectName else {
                throw TrackerError.invalidQuery("@project needs a project in the request path.")
            }
            return collection.project(projectName)?.name ?? projectName
        case .macro("me"):
            return user.combinedName
        case .macro("today"):
            return String(TrackerClock.now().prefix(10))
        case .macro(let name):
            throw TrackerError.invalidQuery("The macro @\(name) is not supported by the simulator.")
        case .list:
            throw TrackerError.invalidQuery("A list is only allowed after IN.")
        }
    }

    /// Numbers compare as numbers, everything else as case-insensitive text; missing values sort first.
    private func compare(_ left: JSONValue?, _ right: JSONValue?) -> Int {
        let leftText = left?.stringValue ?? left?.numberValue?.text
        let rightText = right?.stringValue ?? right?.numberValue?.text
        switch (leftText, rightText) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let l?, let r?):
            if let a = Double(l), let b = Double(r) { return a < b ? -1 : (a > b ? 1 : 0) }
            let a = l.lowercased(), b = r.lowercased()
            return a < b ? -1 : (a > b ? 1 : 0)
        }
    }
}
