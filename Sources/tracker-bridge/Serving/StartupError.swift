/// A reason the server cannot start (a file it cannot read, a socket it cannot bind). The process prints the
/// message and exits with status 1.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
