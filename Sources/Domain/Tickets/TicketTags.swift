/// The `System.Tags` value of a new work item: the configuration's tags, the rules of its findings and the
/// ticket's marker, joined with "; " as the tracker stores them.
enum TicketTags {
    static let separator = "; "

    /// Each tag appears once (the tracker compares tags without regard to case); a configured tag holding
    /// ";" is split, since the tracker would split it anyway; the marker is always last.
    static func joined(configurationTags: [String], rules: [String], marker: TicketMarker) -> String {
        var tags: [String] = []
        var seen: Set<String> = [marker.tag.lowercased()]

        for candidate in (configurationTags + rules).flatMap({ $0.split(separator: ";") }) {
            let tag = TicketTitle.oneLine(String(candidate))
            guard !tag.isEmpty, seen.insert(tag.lowercased()).inserted else { continue }
            tags.append(tag)
        }

        tags.append(marker.tag)
        return tags.joined(separator: separator)
    }
}
