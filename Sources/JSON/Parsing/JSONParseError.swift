/// Why a byte sequence is not acceptable JSON, and where the parser noticed.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason; the JSON-RPC layer picks its error code from it.
    public enum Kind: Sendable, Equatable {
        /// The bytes break the JSON grammar.
        case syntax
        /// Arrays and objects nest deeper than the parser's limit.
        case tooDeep
        /// A string holds bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// One object names the same key twice.
        case duplicateKey
    }

    public let kind: Kind
    /// The byte offset, from the start of the input, where the problem was found.
    public let offset: Int
    /// What is wrong, in words, e.g. `expected ':' after an object key`.
    public let reason: String

    public init(kind: Kind, offset: Int, reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}
