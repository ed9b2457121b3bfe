import Domain
import Foundation
import JSON
import JSONRPC
import Logging
import Tracker

/// `testConnection`: the tracker is reachable, the token signs in, it may use work items, and every
/// project is listed, with `rpc.progress` after each page when the caller passed a `progressToken`.
///
/// Each failure is the status of SPEC §3 with the tracker client's actionable message. The outcome of a
/// test of a saved configuration is remembered on it (`lastConnectionTest`), except when the caller
/// cancelled, which says nothing about the tracker. Loop-confined.
final class ConnectionTester {
    private let environment: BridgeEnvironment
    private let configurations: ConfigurationService
    private let logger = Logger(label: "configurations")

    init(environment: BridgeEnvironment, configurations: ConfigurationService) {
        self.environment = environment
        self.configurations = configurations
    }

    func test(_ params: JSONValue, context: CallContext) async throws -> JSONValue {
        let request = try TestConnectionRequest(params)
        let configuration: Configuration?
        let client: AzureDevOpsClient
        switch request.target {
        case .saved(let id):
            let saved = try configurations.liveConfiguration(id, field: "configurationId")
            configuration = saved
            client = try environment.trackers.client(for: saved)
        case .unsaved(let connection):
            configuration = nil
            client = try environment.trackers.client(for: connection)
        }

        let started = environment.loop.nowMilliseconds
        do {
            let report = try await probe(client, context: context, started: started)
            remember(ConnectionTestSummary(
                at: environment.now(), ok: true, projectCount: report.projects.count
            ), of: configuration)
            logger.info("connection test passed", [
                "config.id": configuration?.id ?? "-", "tracker.endpoint": client.endpoint,
                "projects": report.projects.count, "duration.ms": report.elapsedMilliseconds,
            ])
            return report.json
        } catch {
            let failure = outcome(of: error, context: context)
            let elapsed = environment.loop.nowMilliseconds &- started
            if failure.status != .cancelled {
                remember(ConnectionTestSummary(
                    at: environment.now(), ok: false, status: failure.status.name, message: failure.message
                ), of: configuration)
            }
            logger.notice("connection test failed", [
                "config.id": configuration?.id ?? "-", "tracker.endpoint": client.endpoint,
                "rpc.status": failure.status.name, "duration.ms": elapsed, "reason": failure.message,
            ])
            throw failure
        }
    }

    /// Sign in, check work item access, then list every project.
    private func probe(
        _ client: AzureDevOpsClient, context: CallContext, started: UInt64
    ) async throws -> ConnectionTestReport {
        let info = try await client.connectionData()

        guard try await client.checkWorkItemAccess() == .granted else {
            throw RPCError.permissionDenied(
                "the token signs in as \(info.user.displayName) but lacks the Work items (read and write) scope: "
                    + "create a token with that scope and configure it"
            )
        }

        let projects = try await client.projects(progress: ProjectListingReporter(context: context).report)
        try Task.checkCancellation()
        return ConnectionTestReport(
            info: info, projects: projects, elapsedMilliseconds: environment.loop.nowMilliseconds &- started
        )
    }

    /// The error the caller sees. A call stopped by its own deadline reads as cancelled inside the task;
    /// it is remembered as DEADLINE_EXCEEDED, which is what the caller was told.
    private func outcome(of error: any Error, context: CallContext) -> RPCError {
        let failure = RPCError.from(error)
        guard failure.status == .cancelled, let timeout = context.meta.timeoutMs,
              context.remainingMilliseconds == 0 else { return failure }
        return RPCError.deadlineExceeded(
            "the tracker did not finish the connection test within _meta.timeoutMs (\(timeout) ms): "
                + "allow more time, or check the tracker's load"
        )
    }

    private func remember(_ summary: ConnectionTestSummary, of configuration: Configuration?) {
        guard let configuration else { return }
        do {
            try environment.store.configurations.recordConnectionTest(summary, of: configuration.id)
        } catch {
            logger.warning("connection test outcome not recorded", [
                "config.id": configuration.id, "error": "\(error)",
            ])
        }
    }
}
