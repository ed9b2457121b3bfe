import Domain
import EventLoop
import HTTP
import Logging
import Storage
import Tracker

/// Makes tracker clients: for a saved configuration (its PAT read from the store) or for settings not saved
/// yet. All clients share one HTTP client (one libcurl multi handle, so connections are reused) and one
/// per-host traffic gate, so the per-host concurrency bound holds across configurations and calls.
/// Loop-confined.
public final class TrackerConnector {
    public let gate: HostTrafficGate
    private let loop: EventLoop
    private let store: Store
    private let logger = Logger(label: "tracker")
    private var httpClient: HTTPClient?

    init(loop: EventLoop, store: Store, maximumConcurrentRequestsPerHost: Int) {
        self.loop = loop
        self.store = store
        gate = HostTrafficGate(loop: loop, maximumConcurrentRequestsPerHost: maximumConcurrentRequestsPerHost)
    }

    /// The shared HTTP client, made on first use: an idle server never initialises libcurl and its TLS
    /// library, which keeps its resident memory low.
    public var http: HTTPClient {
        if let httpClient { return httpClient }
        let client = HTTPClient(loop: loop)
        httpClient = client
        return client
    }

    /// A client for a saved configuration.
    /// - Throws: `StorageError` when the PAT cannot be read, `TrackerError` when the settings are unusable.
    public func client(for configuration: Configuration) throws -> AzureDevOpsClient {
        let token = try store.configurations.personalAccessToken(of: configuration.id)
        return try client(for: AzureDevOpsConnection(
            host: configuration.host, personalAccessToken: token, username: configuration.username,
            apiVersion: configuration.apiVersion, tls: configuration.tls
        ))
    }

    /// A client for explicit connection settings (e.g. `testConnection` before saving).
    public func client(for connection: AzureDevOpsConnection) throws -> AzureDevOpsClient {
        try AzureDevOpsClient(connection: connection, http: http, gate: gate, logger: logger)
    }

    /// Cancels in-flight tracker requests and releases libcurl.
    public func close() {
        httpClient?.close()
        httpClient = nil
    }
}
