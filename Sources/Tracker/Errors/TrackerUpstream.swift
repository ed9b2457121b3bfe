/// What the tracker itself said about a failure, for `data.upstream`. Secrets are removed before it is made.
public struct TrackerUpstream: Sendable, Equatable {
    /// The HTTP status of the tracker's reply; nil when no reply came (connection, DNS, TLS failures).
    public var httpStatus: Int?
    /// The tracker's `message`, or a short description of a reply that was not JSON.
    public var message: String?
    /// The tracker's `typeKey`, e.g. `ProjectDoesNotExistWithNameException`.
    public var typeKey: String?

    public init(httpStatus: Int?, message: String?, typeKey: String?) {
        self.httpStatus = httpStatus
        self.message = message
        self.typeKey = typeKey
    }
}
