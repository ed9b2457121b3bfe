import Foundation

/// A tracker user as service hooks name them: a string `"Jamal Hartnett <jamal@fabrikam.com>"` in older
/// resource versions, an identity object `{id, displayName, uniqueName}` in newer ones.
public struct TrackerIdentity: Sendable, Equatable, Decodable, CustomStringConvertible {
    public var displayName: String
    public var uniqueName: String?
    public var id: String?

    public init(displayName: String, uniqueName: String? = nil, id: String? = nil) {
        self.displayName = displayName
        self.uniqueName = uniqueName
        self.id = id
    }

    /// Reads `"Name <unique name>"`, or a bare name.
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let unique = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            displayName = name.isEmpty ? String(unique) : name
            uniqueName = unique.isEmpty ? nil : String(unique)
        } else {
            displayName = trimmed
            uniqueName = nil
        }
        id = nil
    }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(parsing: text)
            return
        }

        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try? container.decodeLenientString(forKey: .id)
        let uniqueName = try? container.decodeIfPresent(String.self, forKey: .uniqueName)
        if let displayName = try? container.decodeIfPresent(String.self, forKey: .displayName) {
            self.init(displayName: displayName, uniqueName: uniqueName, id: id)
        } else if let name = try? container.decodeIfPresent(String.self, forKey: .name) {
            self.init(parsing: name)
            self.uniqueName = uniqueName ?? self.uniqueName
            self.id = id
        } else if let uniqueName {
            self.init(displayName: uniqueName, uniqueName: uniqueName, id: id)
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: .displayName, in: container, debugDescription: "an identity needs displayName or name")
        }
    }

    /// The display name with the unique name, as a Discussion comment shows the user.
    public var description: String {
        guard let uniqueName, uniqueName != displayName else { return displayName }
        return "\(displayName) <\(uniqueName)>"
    }

    private enum CodingKeys: String, CodingKey {
        case id, displayName, uniqueName, name
    }
}
