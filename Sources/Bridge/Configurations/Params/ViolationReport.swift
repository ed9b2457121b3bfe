import JSONRPC

/// The bad fields of one request, gathered while all of it is read, so one reply names every problem.
final class ViolationReport {
    private(set) var violations: [FieldViolation] = []

    var isEmpty: Bool { violations.isEmpty }

    func add(_ field: String, _ description: String) {
        violations.append(FieldViolation(field: field, description: description))
    }

    /// Throws INVALID_ARGUMENT listing every violation, when there is any.
    func throwIfAny(_ summary: String) throws {
        guard !violations.isEmpty else { return }
        let details = violations.map { "\($0.field) \($0.description)" }.joined(separator: "; ")
        throw RPCError.invalidArgument("\(summary): \(details)", violations: violations)
    }
}
