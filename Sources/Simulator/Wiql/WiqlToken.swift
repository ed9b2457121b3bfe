/// One lexical unit of a WIQL statement.
enum WiqlToken: Equatable {
    /// A keyword or bare name (`SELECT`, `WorkItems`, `System.Id`).
    case word(String)
    /// A bracketed field name: `[System.Tags]`.
    case field(String)
    case string(String)
    case number(String)
    /// `@project`, `@me`, `@today`.
    case macro(String)
    /// `=`, `<>`, `!=`, `<`, `>`, `<=`, `>=`, `(`, `)`, `,`.
    case symbol(String)

    /// Whether this is the keyword `keyword`, ignoring case.
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = self { return word.lowercased() == keyword.lowercased() }
        return false
    }
}
