import EventLoop
import Foundation
import HTTP
import JSON
import TestSupport
import class Simulator.AzureDevOpsSimulator
import struct Simulator.SimulatorConfiguration

@testable import Tracker

/// One test's world: an event loop on its own thread, the Azure DevOps simulator on loopback in the same
/// loop, and the HTTP client the tracker clients share. Loop-confined; made and used inside `run`.
final class TrackerClientSession {
    let loop: EventLoop
    let simulator: AzureDevOpsSimulator
    let http: HTTPClient
    let gate: HostTrafficGate

    private init(loop: EventLoop, configuration: SimulatorConfiguration) throws {
        self.loop = loop
        simulator = try AzureDevOpsSimulator(loop: loop, configuration: configuration)
        http = HTTPClient(loop: loop)
        gate = HostTrafficGate(loop: loop)
    }

    /// Starts the loop and the simulator, runs `body` on the loop, then tears everything down.
    static func run<Result: Sendable>(
        configure: @escaping @Sendable (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (TrackerClientSession) async throws -> Result
    ) async throws -> Result {
        try await LoopHarness.run { loop in
            var configuration = SimulatorConfiguration()
            configure(&configuration)
            let session = try TrackerClientSession(loop: loop, configuration: configuration)
            defer { session.close() }
            return try await body(session)
        }
    }

    private func close() {
        http.close()
        simulator.close()
    }

    var collectionURL: String { simulator.collectionURL }

    /// A tracker client for the simulator, with its default token unless told otherwise.
    func client(
        token: String = SimulatorConfiguration.defaultToken, apiVersion: String = "2.0", host: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(initialBackoffMilliseconds: 20, maximumBackoffMilliseconds: 100),
        requestTimeoutMilliseconds: UInt64 = AzureDevOpsConnection.defaultRequestTimeoutMilliseconds,
        gate: HostTrafficGate? = nil
    ) throws -> AzureDevOpsClient {
        let connection = AzureDevOpsConnection(
            host: host ?? collectionURL, personalAccessToken: token, apiVersion: apiVersion,
            requestTimeoutMilliseconds: requestTimeoutMilliseconds
        )
        return try AzureDevOpsClient(
            connection: connection, http: http, gate: gate ?? self.gate, retryPolicy: retryPolicy
        )
    }

    // MARK: - Admin API

    /// Calls `/_admin/<path>` and returns its JSON; fails the test's call on a non-200.
    @discardableResult
    func admin(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPRequest(method: method, url: "http://\(simulator.listeningAddress)/_admin/\(path)")
        if let body {
            request.body = JSONWriter.bytes(body)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await http.send(request)
        guard response.status == 200 else {
            throw SimulatorAdminFailure(description: "admin \(method) \(path): \(response.status) \(response.bodyText)")
        }
        return try JSONParser.parse(response.body)
    }

    func setFaults(_ faults: JSONValue) async throws {
        try await admin("POST", "faults", faults)
    }

    func counters() async throws -> SimulatorCounterSnapshot {
        SimulatorCounterSnapshot(json: try await admin("GET", "counters"))
    }
}
