/// A failure of the raw test connection itself (refused, closed early, timed out).
struct RawHTTPConnectionError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
