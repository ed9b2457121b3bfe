/// A failure in the test harness itself (a binary not built, a server that never answered, a timeout),
/// as opposed to a failed expectation about the product.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
