import Foundation
import JSON

/// A user of the simulated collection: team member, PAT owner, author of changes.
public struct Identity: Sendable, Equatable {
    public let id: String
    public let displayName: String
    public let uniqueName: String

    /// The string form older API versions use for identity fields: `Alice Admin <alice@example.com>`.
    public var combinedName: String { "\(displayName) <\(uniqueName)>" }

    /// Whether `text` names this identity by display name, unique name or the combined form.
    public func matches(_ text: String) -> Bool {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        return [displayName, uniqueName, combinedName, id].contains { $0.lowercased() == wanted }
    }

    /// The identity object of newer API versions and service-hook payloads.
    func object(collectionURL: String) -> JSONValue {
        let url = "\(collectionURL)/_apis/Identities/\(id)"
        let avatar = "\(collectionURL)/_apis/GraphProfile/MemberAvatars/aad.\(id)"
        return [
            "displayName": .string(displayName),
            "url": .string(url),
            "_links": ["avatar": ["href": .string(avatar)]],
            "id": .string(id),
            "uniqueName": .string(uniqueName),
            "imageUrl": .string(avatar),
            "descriptor": .string("aad.\(id)"),
        ]
    }

    /// The members of every simulated team; the first one owns the personal access tokens.
    static let defaultMembers = [
        Identity(id: "7a3d1f1e-5c1b-4b5e-9d7e-000000000001", displayName: "Alice Admin",
                 uniqueName: "alice@example.com"),
        Identity(id: "7a3d1f1e-5c1b-4b5e-9d7e-000000000002", displayName: "Bob Builder",
                 uniqueName: "bob@example.com"),
        Identity(id: "7a3d1f1e-5c1b-4b5e-9d7e-000000000003", displayName: "Carol Security",
                 uniqueName: "carol@example.com"),
    ]
}
