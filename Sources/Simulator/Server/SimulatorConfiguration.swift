/// How a simulated collection is set up: where it listens, what it holds, how it pages and which API
/// versions it accepts.
public struct SimulatorConfiguration: Sendable {
    /// Which paging style `GET _apis/projects` uses.
    public enum PagingStyle: String, Sendable {
        /// `$top` / `$skip` only.
        case skip
        /// `continuationToken` with the next token in the `x-ms-continuationtoken` header.
        case continuation
    }

    /// A personal access token and the scopes it grants; `nil` scopes grant everything.
    public struct AccessToken: Sendable {
        public var token: String
        public var scopes: Set<String>?
        public var isExpired = false

        public init(token: String, scopes: Set<String>? = nil, isExpired: Bool = false) {
            self.token = token
            self.scopes = scopes
            self.isExpired = isExpired
        }
    }

    public static let defaultToken = "simulator-pat"
    public static let defaultMaximumAPIVersion = "7.1"

    /// Loopback only: `127.0.0.1` or `::1`.
    public var host = "127.0.0.1"
    /// 0 lets the kernel pick a free port.
    public var port = 0
    /// The path of the collection under the server root, e.g. `/tfs/DefaultCollection`; empty serves it at `/`.
    public var collectionPath = ""
    public var projectCount = 3
    public var process = ProcessTemplate.agile
    /// Added to every tracker request before it is answered.
    public var latencyMilliseconds: UInt64 = 0
    public var accessTokens = [AccessToken(token: SimulatorConfiguration.defaultToken)]
    /// A fixed paging style; `nil` decides by API version (continuation from 5.0 on).
    public var paging: PagingStyle?
    /// The newest API version the simulated server knows; newer requests get `VssVersionOutOfRangeException`.
    public var maximumAPIVersion = APIVersion(SimulatorConfiguration.defaultMaximumAPIVersion)!
    /// The first wait before a failed service-hook delivery is retried; later waits double.
    public var hookRetryMilliseconds: UInt64 = 1_000

    public init() {}
}
