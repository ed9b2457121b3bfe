import Foundation

/// The durable mark a ticket leaves on its work item: a tag derived from the ticket id.
///
/// The ticket is recorded as pending before the tracker is called; after a crash or a lost reply a WIQL
/// query for this tag finds the work item that was created, so the service adopts it instead of creating a
/// second one.
public struct TicketMarker: Sendable, Equatable, Hashable {
    /// Every marker tag starts with this.
    public static let tagPrefix = "tracker-bridge:"

    public let ticketId: String

    public init(ticketId: String) {
        self.ticketId = ticketId
    }

    /// Reads a marker back from one tag; nil when the tag is not a marker.
    public init?(tag: String) {
        let trimmed = tag.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(Self.tagPrefix) else { return nil }
        let ticketId = String(trimmed.dropFirst(Self.tagPrefix.count))
        guard !ticketId.isEmpty else { return nil }
        self.ticketId = ticketId
    }

    /// The tag as it goes into `System.Tags`.
    public var tag: String { Self.tagPrefix + ticketId }

    /// The marker among a work item's `System.Tags` value (`"a; b; tracker-bridge:…"`), if it carries one.
    public static func find(inTags tags: String) -> TicketMarker? {
        tags.split(separator: ";").lazy.compactMap { TicketMarker(tag: String($0)) }.first
    }

    /// The WIQL query, for `POST {project}/_apis/wit/wiql`, that finds the work item carrying this marker.
    public var wiqlQuery: String {
        let literal = tag.replacingOccurrences(of: "'", with: "''")
        return "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS '\(literal)'"
    }
}
