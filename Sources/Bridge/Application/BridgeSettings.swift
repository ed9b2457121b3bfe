import EventLoop
import Foundation

/// The service-level settings the bridge runs with, from the command line.
public struct BridgeSettings: Sendable {
    /// Where the webhook HTTP listener accepts deliveries; nil keeps it off.
    public var webhookListen: ListenAddress?
    /// The public base URL of generated webhook URLs, e.g. `https://bridge.example.com`. When nil, the
    /// webhook listener's own address is used (`http://127.0.0.1:PORT`).
    public var publicURL: String?
    /// How often every two-way configuration's tickets are synchronised from the tracker; nil = never.
    public var syncIntervalSeconds: Int?
    /// Concurrent requests to one tracker host.
    public var trackerConcurrencyPerHost: Int

    public init(
        webhookListen: ListenAddress? = nil, publicURL: String? = nil, syncIntervalSeconds: Int? = nil,
        trackerConcurrencyPerHost: Int = 8
    ) {
        self.webhookListen = webhookListen
        self.publicURL = publicURL
        self.syncIntervalSeconds = syncIntervalSeconds
        self.trackerConcurrencyPerHost = trackerConcurrencyPerHost
    }
}
