/// Params of the built-in `health.check`.
public struct HealthCheckParams: Codable, Sendable, Equatable {
    /// The service asked about; absent or empty means the server as a whole.
    public var service: String?

    public init(service: String? = nil) {
        self.service = service
    }
}

/// Result of the built-in `health.check`.
public struct HealthCheckResult: Codable, Sendable, Equatable {
    /// Whether the server takes new calls.
    public enum ServingStatus: String, Codable, Sendable {
        case serving = "SERVING"
        /// Shutdown has started: finish what is running, send new work elsewhere.
        case notServing = "NOT_SERVING"
    }

    public var status: ServingStatus

    public init(status: ServingStatus) {
        self.status = status
    }
}
