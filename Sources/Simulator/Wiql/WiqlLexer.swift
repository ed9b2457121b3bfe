/// Splits a WIQL statement into tokens.
enum WiqlLexer {
    static func tokens(_ text: String) throws -> [WiqlToken] {
        let characters = Array(text)
        var tokens: [WiqlToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw TrackerError.invalidQuery("A field name opened with [ is not closed.")
                }
                tokens.append(.field(String(characters[(index + 1)..<close])))
                index = close + 1
            } else if character == "'" || character == "\"" {
                let (value, next) = try quoted(characters, from: index)
                tokens.append(.string(value))
                index = next
            } else if character == "@" {
                let end = wordEnd(characters, from: index + 1)
                tokens.append(.macro(String(characters[(index + 1)..<end]).lowercased()))
                index = end
            } else if character.isNumber || (character == "-" && index + 1 < characters.count
                                              && characters[index + 1].isNumber) {
                var end = index + 1
                while end < characters.count && (characters[end].isNumber || characters[end] == ".") { end += 1 }
                tokens.append(.number(String(characters[index..<end])))
                index = end
            } else if character.isLetter || character == "_" {
                let end = wordEnd(characters, from: index)
                tokens.append(.word(String(characters[index..<end])))
                index = end
            } else {
                let pair = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
                if ["<>", "!=", "<=", ">="].contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                } else if "=<>(),".contains(character) {
                    tokens.append(.symbol(String(character)))
                    index += 1
                } else {
                    throw TrackerError.invalidQuery("Unexpected character «\(character)».")
                }
            }
        }
        return tokens
    }

    private static func wordEnd(_ characters: [Character], from start: Int) -> Int {
        var end = start
        while end < characters.count && (characters[end].isLetter || characters[end].isNumber
                                         || characters[end] == "." || characters[end] == "_") {
            end += 1
        }
        return end
    }

    /// A quoted string; the quote doubled inside stands for itself.
    private static func quoted(_ characters: [Character], from start: Int) throws -> (String, Int) {
        let quote = characters[start]
        var value = ""
        var index = start + 1
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count && characters[index + 1] == quote {
                    value.append(quote)
                    index += 2
                    continue
                }
                return (value, index + 1)
            }
            value.append(characters[index])
            index += 1
        }
        throw TrackerError.invalidQuery("A string opened with \(quote) is not closed.")
    }
}
