import Foundation
import JSON

/// A person as the tracker names them. Older replies give a string (`"Jane Doe <jane@example.com>"` or
/// just a name); newer ones give an object with `displayName` and `uniqueName`. Both are accepted.
public struct TrackerIdentity: Sendable, Equatable {
    public var id: String?
    public var displayName: String
    public var uniqueName: String?

    public init(id: String? = nil, displayName: String, uniqueName: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.uniqueName = uniqueName
    }

    /// Reads an identity from either shape; nil when the value holds no name at all.
    public init?(json: JSONValue) {
        if let text = json.stringValue {
            self.init(text: text)
            return
        }
        guard json.objectValue != nil else { return nil }
        let unique = json["uniqueName"]?.stringValue ?? json["principalName"]?.stringValue
            ?? json["mailAddress"]?.stringValue
        guard let display = json["displayName"]?.stringValue ?? json["providerDisplayName"]?.stringValue ?? unique
        else { return nil }
        self.init(id: json["id"]?.stringValue, displayName: display, uniqueName: unique)
    }

    /// Splits `"Name <unique>"`; a bare string is the display name.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let unique = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            self.init(displayName: name.isEmpty ? unique : name, uniqueName: unique.isEmpty ? nil : unique)
        } else {
            self.init(displayName: trimmed)
        }
    }
}
