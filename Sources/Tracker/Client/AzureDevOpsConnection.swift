import Domain
import HTTP

/// Where the tracker is and how to sign in: the collection URL, the personal access token, the REST API
/// version and the TLS settings. `description` never shows the token.
public struct AzureDevOpsConnection: Sendable, CustomStringConvertible {
    public static let defaultConnectTimeoutMilliseconds: UInt64 = 10_000
    public static let defaultRequestTimeoutMilliseconds: UInt64 = 60_000

    /// The collection URL, e.g. `https://dev.azure.com/org` or `http://tfs:8080/tfs/DefaultCollection`.
    public var host: String
    public var personalAccessToken: String
    /// Sent as the Basic-auth user; the tracker ignores it and it may be empty.
    public var username: String?
    /// The REST API version, e.g. `2.0` or `7.1`; 1.x and 2.x create work items with PATCH, newer with POST.
    public var apiVersion: String
    public var tls: TLSSettings
    public var connectTimeoutMilliseconds: UInt64
    /// One HTTP exchange with the tracker, not counting retries.
    public var requestTimeoutMilliseconds: UInt64

    public init(
        host: String, personalAccessToken: String, username: String? = nil,
        apiVersion: String = Configuration.defaultAPIVersion, tls: TLSSettings = TLSSettings(),
        connectTimeoutMilliseconds: UInt64 = AzureDevOpsConnection.defaultConnectTimeoutMilliseconds,
        requestTimeoutMilliseconds: UInt64 = AzureDevOpsConnection.defaultRequestTimeoutMilliseconds
    ) {
        self.host = host
        self.personalAccessToken = personalAccessToken
        self.username = username
        self.apiVersion = apiVersion
        self.tls = tls
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
    }

    public var description: String {
        "AzureDevOpsConnection(host: \(host), username: \(username ?? ""), apiVersion: \(apiVersion))"
    }

    /// The major number of `apiVersion` (`2` for "2.0", `7` for "7.1-preview.3"); nil when unreadable.
    var apiMajorVersion: Int? {
        Int(apiVersion.prefix { $0.isNumber })
    }

    /// TFS 2015 (1.x, 2.x) creates work items with PATCH; later versions use POST.
    var createsWithPatch: Bool {
        (apiMajorVersion ?? 2) < 3
    }

    var httpTLSOptions: HTTPTLSOptions {
        HTTPTLSOptions(caFile: tls.caFile, insecureSkipVerify: tls.insecureSkipVerify)
    }
}
