/// What the tracker answered when a call failed because of it, with secrets already removed.
public struct UpstreamFailure: Sendable, Hashable, Codable {
    public var httpStatus: Int?
    public var message: String?
    /// The tracker's error type, e.g. `WorkItemTrackingException`.
    public var typeKey: String?

    public init(httpStatus: Int? = nil, message: String? = nil, typeKey: String? = nil) {
        self.httpStatus = httpStatus
        self.message = message
        self.typeKey = typeKey
    }
}
