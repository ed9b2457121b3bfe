import EventLoop
import Foundation
import HTTP
import JSON
import Simulator

/// A simulator started in-process on loopback, and the product's HTTP client to talk to it. Loop-confined.
final class SimulatorSession {
    static let token = "test-pat"

    let loop: EventLoop
    let simulator: AzureDevOpsSimulator
    let client: HTTPClient

    init(loop: EventLoop, configure: (inout SimulatorConfiguration) -> Void = { _ in }) throws {
        var configuration = SimulatorConfiguration()
        configuration.accessTokens = [.init(token: SimulatorSession.token),
                                      .init(token: "profile-only", scopes: ["vso.profile"])]
        configuration.hookRetryMilliseconds = 20
        configure(&configuration)
        self.loop = loop
        simulator = try AzureDevOpsSimulator(loop: loop, configuration: configuration)
        client = HTTPClient(loop: loop)
    }

    var collectionURL: String { simulator.collectionURL }

    func close() {
        client.close()
        simulator.close()
    }

    /// Sends a request to the collection, authenticated like the bridge does unless told otherwise.
    func send(
        _ method: String = "GET", _ path: String, token: String? = SimulatorSession.token,
        suppressRedirect: Bool = true,
        contentType: String? = nil, body: JSONValue? = nil, client: HTTPClient? = nil
    ) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if suppressRedirect { headers.add(name: "X-TFS-FedAuthRedirect", value: "Suppress") }
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        let request = HTTPRequest(
            method: method, url: "\(collectionURL)/\(path)", headers: headers,
            body: body.map { JSONWriter.bytes($0) },
            credentials: token.map { HTTPBasicCredentials(username: "", password: $0) }
        )
        return try await (client ?? self.client).send(request)
    }

    /// Sends on a connection of its own. libcurl silently repeats a request once when a reused connection
    /// closes without an answer, so a test of a dropped connection must not reuse one.
    func sendOnNewConnection(_ method: String, _ path: String, contentType: String? = nil,
                             body: JSONValue? = nil) async throws -> HTTPResponse {
        let client = HTTPClient(loop: loop)
        defer { client.close() }
        return try await send(method, path, contentType: contentType, body: body, client: client)
    }

    /// Creates a work item the way the bridge does on newer versions.
    func createWorkItem(
        project: String = "Project%200001", type: String = "Bug", fields: [(String, JSONValue)],
        apiVersion: String = "5.0"
    ) async throws -> HTTPResponse {
        let operations: [JSONValue] = fields.map { ["op": "add", "path": .string("/fields/\($0.0)"), "value": $0.1] }
        return try await send("POST", "\(project)/_apis/wit/workitems/$\(type)?api-version=\(apiVersion)",
                              contentType: "application/json-patch+json", body: .array(operations))
    }

    /// Calls the admin API and returns its JSON answer.
    @discardableResult
    func admin(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let request = HTTPRequest(method: method, url: "http://\(simulator.listeningAddress)/_admin/\(path)",
                                  body: body.map { JSONWriter.bytes($0) } ?? (method == "POST" ? [] : nil))
        let response = try await client.send(request)
        return try JSONParser.parse(response.body)
    }
}

extension HTTPResponse {
    /// The body as JSON; fails the test with the body text when it is not.
    func json() throws -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw SimulatorTestError("expected JSON, got \(status): \(bodyText.prefix(300))")
        }
    }
}
