import Foundation

/// One entry in a vulnerability's Discussion, written by the service for every status change it applies
/// and for every tracker event it observes without changing the status.
public struct DiscussionComment: Codable, Sendable, Equatable {
    public var at: Date
    public var author: String
    public var text: String

    public init(at: Date, author: String, text: String) {
        self.at = at
        self.author = author
        self.text = text
    }
}
