/// A user name and password sent with HTTP Basic authentication.
///
/// libcurl sends them only to the host of the original URL: a redirect to another host, port or scheme
/// goes out without them. `description` never shows the password.
public struct HTTPBasicCredentials: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "HTTPBasicCredentials(username: \(username), password: <redacted>)" }
}
