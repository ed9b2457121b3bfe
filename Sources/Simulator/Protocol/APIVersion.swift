import Foundation

/// A REST API version as given in `?api-version=`: `2.0`, `5.1-preview.3`.
public struct APIVersion: Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let isPreview: Bool
    public let text: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", maxSplits: 1)
        guard let number = parts.first else { return nil }
        let digits = number.split(separator: ".", omittingEmptySubsequences: false)
        guard digits.count <= 2, let major = Int(digits[0]) else { return nil }
        let minor = digits.count == 2 ? Int(digits[1]) : 0
        guard let minor else { return nil }
        if parts.count == 2 {
            guard parts[1].lowercased().hasPrefix("preview") else { return nil }
        }
        self.major = major
        self.minor = minor
        isPreview = parts.count == 2
        self.text = trimmed
    }

    public var description: String { text }

    /// Whether this version is at least `major.minor`.
    public func isAtLeast(_ major: Int, _ minor: Int = 0) -> Bool {
        self.major > major || (self.major == major && self.minor >= minor)
    }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public static func == (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) == (rhs.major, rhs.minor)
    }
}
