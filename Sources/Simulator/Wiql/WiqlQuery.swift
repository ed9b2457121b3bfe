/// A parsed flat WIQL query: `SELECT ... FROM WorkItems [WHERE ...] [ORDER BY ...]`.
struct WiqlQuery {
    /// A value on the right of a comparison.
    enum Operand {
        case text(String)
        case macro(String)
        case list([Operand])
    }

    /// The condition tree of the WHERE clause.
    indirect enum Condition {
        case all
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)
        case comparison(field: String, operator: String, operand: Operand)
    }

    let columns: [String]
    let condition: Condition
    /// Field and whether descending.
    let ordering: [(field: String, descending: Bool)]
}
