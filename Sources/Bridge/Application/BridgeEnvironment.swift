import EventLoop
import Foundation
import HTTP
import Logging
import Storage

/// What every part of the bridge shares: the loop, the store, the way to the tracker, the settings.
/// Loop-confined, like everything it holds.
public final class BridgeEnvironment {
    public let loop: EventLoop
    public let store: Store
    public let trackers: TrackerConnector
    public let settings: BridgeSettings
    public let logger: Logger
    /// The wall clock; tests of time-dependent rules may substitute their own.
    public let now: () -> Date

    public init(
        loop: EventLoop, store: Store, settings: BridgeSettings, logger: Logger = Logger(label: "bridge"),
        now: @escaping () -> Date = Date.init
    ) {
        self.loop = loop
        self.store = store
        self.settings = settings
        self.logger = logger
        self.now = now
        trackers = TrackerConnector(
            loop: loop, store: store, maximumConcurrentRequestsPerHost: settings.trackerConcurrencyPerHost
        )
    }
}
