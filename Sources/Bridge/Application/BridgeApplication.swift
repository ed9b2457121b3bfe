import EventLoop
import JSONRPC
import Logging

/// The bridge's composition root: which method groups answer RPC calls and which background services run.
///
/// Loop-confined. The executable builds one, registers its methods on the RPC router, starts it once the
/// listeners are up, and stops it during graceful shutdown.
public final class BridgeApplication {
    public let environment: BridgeEnvironment
    private let methodGroups: [MethodGroup]
    private let backgroundServices: [BackgroundService]
    /// Runs the durable job queue; features register their job kinds on it here in `init`.
    let jobs: JobRunner

    public init(environment: BridgeEnvironment) {
        self.environment = environment
        jobs = JobRunner(environment: environment)
        let ticketing = Ticketing(environment: environment, jobs: jobs)
        methodGroups = [
            ConfigurationMethods(environment: environment),
            ticketing,
            TwoWayMethods(environment: environment),
        ]
        backgroundServices = [
            ticketing, jobs, WebhookListener(environment: environment), PeriodicTicketSync(environment: environment),
        ]
    }

    /// Adds every bridge method to `router`.
    public func registerMethods(on router: inout Router) {
        for group in methodGroups {
            group.register(on: &router)
        }
    }

    /// Starts the background services, in order.
    public func start() throws {
        for service in backgroundServices {
            try service.start()
        }
    }

    /// Stops the background services, then calls `completion` on the loop.
    public func stop(completion: @escaping () -> Void) {
        var remaining = backgroundServices.count
        guard remaining > 0 else {
            completion()
            return
        }
        for service in backgroundServices {
            service.stop {
                remaining -= 1
                if remaining == 0 { completion() }
            }
        }
    }
}
