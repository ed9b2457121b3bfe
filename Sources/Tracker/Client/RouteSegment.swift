/// One path segment of a tracker route.
enum RouteSegment: Sendable, ExpressibleByStringLiteral {
    /// A fixed route word, used as is.
    case literal(String)
    /// A name from the user or the tracker (project, team, type), percent-encoded.
    case name(String)

    init(stringLiteral value: String) {
        self = .literal(value)
    }
}
