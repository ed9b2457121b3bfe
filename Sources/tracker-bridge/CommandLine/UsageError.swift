/// A command line that cannot be run as given. The process prints the message and exits with status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String {
        "tracker-bridge: \(message)\nRun 'tracker-bridge serve --help' to see every option."
    }
}
