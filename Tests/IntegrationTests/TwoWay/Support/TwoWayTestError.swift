/// A two-way test could not set up or observe what it needs.
struct TwoWayTestError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
