import Domain
import HTTP
import JSON
import Testing
import struct Simulator.SimulatorConfiguration

@testable import Tracker

@Suite("Azure DevOps client failures against the simulator, each mapped to its status")
struct AzureDevOpsClientFaultTests {
    static let title = JSONPatchOperation.add(field: "System.Title", .string("XSS in search"))

    /// Runs `call` and returns the `TrackerError` it threw, or nil when it succeeded.
    static func failure(_ call: () async throws -> Void) async -> TrackerError? {
        do {
            try await call()
            return nil
        } catch let error as TrackerError {
            return error
        } catch {
            Issue.record("expected a TrackerError, got \(error)")
            return nil
        }
    }

    @Test("a rejected token is UNAUTHENTICATED with the tracker's message")
    func wrongToken() async throws {
        let error = try await TrackerClientSession.run { session in
            await Self.failure { _ = try await session.client(token: "not-the-token").projects() }
        }

        #expect(error?.status == .unauthenticated)
        #expect(error?.upstream?.httpStatus == 401)
        #expect(error?.message.contains("token was rejected") == true)
        #expect(error?.message.contains("not-the-token") == false)
        #expect(error?.upstream?.message?.contains("not-the-token") == false)
    }

    @Test("an expired token is UNAUTHENTICATED and says so")
    func expiredToken() async throws {
        let error = try await TrackerClientSession.run { session in
            try await session.admin("POST", "pats", ["token": "old-token", "expired": true])
            return await Self.failure { _ = try await session.client(token: "old-token").connectionData() }
        }

        #expect(error?.status == .unauthenticated)
        #expect(error?.upstream?.message?.lowercased().contains("expired") == true)
    }

    @Test("a 203 sign-in page and a 302 to sign-in are UNAUTHENTICATED", arguments: [203, 302])
    func signInPage(status: Int) async throws {
        let error = try await TrackerClientSession.run { session in
            try await session.setFaults(["signInPage": ["count": 1, "status": .number(JSONNumber(status))]])
            return await Self.failure { _ = try await session.client().connectionData() }
        }

        #expect(error?.status == .unauthenticated)
        #expect(error?.upstream?.httpStatus == status)
    }

    @Test("a bad token answered with an HTML page or a redirect is UNAUTHENTICATED",
          arguments: ["signInPage", "redirect"])
    func rejectionStyles(style: String) async throws {
        let error = try await TrackerClientSession.run { session in
            try await session.setFaults(["unauthenticated": .string(style)])
            return await Self.failure { _ = try await session.client(token: "wrong").projects() }
        }

        #expect(error?.status == .unauthenticated)
    }

    @Test("a token without the work item scope is PERMISSION_DENIED naming the scope")
    func missingScope() async throws {
        let (access, error, connection) = try await TrackerClientSession.run { session in
            try await session.admin("POST", "pats", ["token": "project-only", "scopes": ["vso.project"]])
            let client = try session.client(token: "project-only")
            let access = try await client.checkWorkItemAccess()
            let error = await Self.failure { _ = try await client.workItemTypes(project: "Project 0001") }
            let connection = try await client.connectionData()
            return (access, error, connection)
        }

        #expect(access == .missingScope)
        #expect(error?.status == .permissionDenied)
        #expect(error?.message.contains("Work items (read and write)") == true)
        #expect(error?.upstream?.httpStatus == 401)
        #expect(connection.user.displayName == "Alice Admin")
    }

    @Test("an unknown project or work item type is NOT_FOUND with the tracker's words")
    func notFound() async throws {
        let (project, type, item) = try await TrackerClientSession.run { session in
            let client = try session.client()
            let project = await Self.failure { _ = try await client.workItemTypes(project: "No Such Project") }
            let type = await Self.failure {
                _ = try await client.createWorkItem(
                    project: "Project 0001", type: "Spaceship", operations: [Self.title]
                )
            }
            let item = await Self.failure { _ = try await client.addComment(id: 999_999, html: "x") }
            return (project, type, item)
        }

        #expect(project?.status == .notFound)
        #expect(project?.upstream?.message?.contains("No Such Project") == true)
        #expect(project?.upstream?.typeKey == "ProjectDoesNotExistWithNameException")
        #expect(type?.status == .notFound)
        #expect(type?.upstream?.typeKey == "WorkItemTypeNotFoundException")
        #expect(item?.status == .notFound)
    }

    @Test("a rule error is INVALID_ARGUMENT and is not retried")
    func ruleError() async throws {
        let (error, creates) = try await TrackerClientSession.run { session in
            let error = await Self.failure {
                _ = try await session.client().createWorkItem(
                    project: "Project 0001", type: "Bug", operations: [.add(field: "System.Title", .string(" "))],
                    retrySafe: true
                )
            }
            return (error, try await session.counters().requests(route: "{project}/_apis/wit/workitems/${type}").count)
        }

        #expect(error?.status == .invalidArgument)
        #expect(error?.upstream?.httpStatus == 400)
        #expect(error?.upstream?.message?.contains("TF401320") == true)
        #expect(creates == 1)
    }

    @Test("an API version the server does not know is FAILED_PRECONDITION")
    func versionOutOfRange() async throws {
        let error = try await TrackerClientSession.run(configure: { $0.maximumAPIVersion = .init("3.2")! }) { session in
            await Self.failure { _ = try await session.client(apiVersion: "5.0").projects() }
        }

        #expect(error?.status == .failedPrecondition)
        #expect(error?.upstream?.typeKey == "VssVersionOutOfRangeException")
        #expect(error?.message.contains("apiVersion") == true)
    }

    @Test("429 is retried after Retry-After, measured by the simulator's clock")
    func throttlingHonoursRetryAfter() async throws {
        let (projects, counters) = try await TrackerClientSession.run { session in
            try await session.setFaults(["throttle": ["count": 1, "status": 429, "retryAfterSeconds": 1]])
            let projects = try await session.client().projects()
            return (projects, try await session.counters())
        }

        #expect(projects.count == 3)
        let issued = try #require(counters.retryAfterIssued.first)
        let attempts = counters.requests(route: "_apis/projects")
        #expect(attempts.map(\.status) == [429, 200])
        let retry = try #require(attempts.last)
        #expect(retry.atMs - issued.atMs >= issued.seconds * 1000)
    }

    @Test("a Retry-After on a 200 paces the next call to that host")
    func retryAfterOnSuccessPaces() async throws {
        let counters = try await TrackerClientSession.run { session in
            try await session.setFaults(["throttle": ["count": 1, "status": 200, "retryAfterSeconds": 1]])
            let client = try session.client()
            _ = try await client.connectionData()
            _ = try await client.connectionData()
            return try await session.counters()
        }

        let issued = try #require(counters.retryAfterIssued.first)
        let calls = counters.requests(route: "_apis/connectionData")
        #expect(calls.map(\.status) == [200, 200])
        #expect(calls[1].atMs - issued.atMs >= 1000)
    }

    @Test("throttling beyond the attempts is RESOURCE_EXHAUSTED with retryAfterMs")
    func throttlingExhausted() async throws {
        let (error, attempts) = try await TrackerClientSession.run { session in
            try await session.setFaults(["throttle": ["count": 10, "status": 429, "retryAfterSeconds": 0]])
            let client = try session.client(retryPolicy: RetryPolicy(maximumAttempts: 2))
            let error = await Self.failure { _ = try await client.connectionData() }
            return (error, try await session.counters().requests(route: "_apis/connectionData").count)
        }

        #expect(error?.status == .resourceExhausted)
        #expect(error?.retryAfterMs == 0)
        #expect(error?.retryable == true)
        #expect(attempts == 2)
    }

    @Test("a Retry-After longer than the policy allows is returned, not waited out, and holds later calls back")
    func throttlingTooLong() async throws {
        let (error, later, attempts) = try await TrackerClientSession.run { session in
            try await session.setFaults(["throttle": ["count": 1, "status": 429, "retryAfterSeconds": 120]])
            let client = try session.client()
            let error = await Self.failure { _ = try await client.connectionData() }
            let later = await Self.failure { _ = try await client.projects() }
            return (error, later, try await session.counters().totalRequests)
        }

        #expect(error?.status == .resourceExhausted)
        #expect(error?.retryAfterMs == 120_000)
        #expect(later?.status == .resourceExhausted)
        #expect((later?.retryAfterMs ?? 0) > 100_000)
        #expect(attempts == 1)
    }

    @Test("a huge Retry-After holds the host back for at most the gate's longest pause")
    func hugeRetryAfterIsCapped() async throws {
        let (error, later, attempts) = try await TrackerClientSession.run { session in
            try await session.setFaults(["throttle": ["count": 1, "status": 429, "retryAfterSeconds": 100_000]])
            let error = await Self.failure { _ = try await session.client().connectionData() }
            let other = try session.client(retryPolicy: RetryPolicy(maximumRetryAfterMilliseconds: 1_000))
            let later = await Self.failure { _ = try await other.projects() }
            return (error, later, try await session.counters().totalRequests)
        }

        let cap = Int(HostTrafficGate.maximumHoldOffMilliseconds)
        #expect(error?.status == .resourceExhausted)
        #expect(error?.retryAfterMs == cap)
        #expect(later?.status == .resourceExhausted)
        #expect((later?.retryAfterMs ?? 0) > 0)
        #expect((later?.retryAfterMs ?? .max) <= cap)
        #expect(attempts == 1)
    }

    @Test("a pause asked of one token holds back that token only, not another on the same host")
    func holdOffPerCredentials() async throws {
        let other = "second-simulator-pat"
        let (throttled, otherProjects, sameAgain) = try await TrackerClientSession.run(configure: {
            $0.accessTokens.append(SimulatorConfiguration.AccessToken(token: other))
        }) { session in
            try await session.setFaults(["throttle": ["count": 1, "status": 429, "retryAfterSeconds": 120]])
            let client = try session.client()
            let throttled = await Self.failure { _ = try await client.connectionData() }
            let otherProjects = try await session.client(token: other).projects()
            let sameAgain = await Self.failure { _ = try await session.client().projects() }
            return (throttled, otherProjects, sameAgain)
        }

        #expect(throttled?.status == .resourceExhausted)
        #expect(otherProjects.count == 3)
        #expect(sameAgain?.status == .resourceExhausted)
        #expect((sameAgain?.retryAfterMs ?? 0) > 100_000)
    }

    @Test("server errors are retried on reads", arguments: [500, 502, 503, 504])
    func serverErrorRetried(status: Int) async throws {
        let (projects, statuses) = try await TrackerClientSession.run { session in
            try await session.setFaults(["serverError": ["count": 2, "status": .number(JSONNumber(status))]])
            let projects = try await session.client().projects()
            return (projects, try await session.counters().requests(route: "_apis/projects").map(\.status))
        }

        #expect(projects.count == 3)
        #expect(statuses == [status, status, 200])
    }

    @Test("a server error on a create that is not retry-safe is UNAVAILABLE after one attempt")
    func serverErrorOnCreate() async throws {
        let (error, creates) = try await TrackerClientSession.run { session in
            try await session.setFaults(["serverError": ["count": 1, "status": 503]])
            let error = await Self.failure {
                _ = try await session.client().createWorkItem(
                    project: "Project 0001", type: "Bug", operations: [Self.title]
                )
            }
            return (error, try await session.counters().requests(route: "{project}/_apis/wit/workitems/${type}").count)
        }

        #expect(error?.status == .unavailable)
        #expect(error?.retryable == true)
        #expect(error?.upstream?.httpStatus == 503)
        #expect(creates == 1)
    }

    @Test("a retry-safe create is repeated after a server error")
    func serverErrorOnRetrySafeCreate() async throws {
        let item = try await TrackerClientSession.run { session in
            try await session.setFaults(["serverError": ["count": 1, "status": 503]])
            return try await session.client().createWorkItem(
                project: "Project 0001", type: "Bug", operations: [Self.title], retrySafe: true
            )
        }

        #expect(item.title == "XSS in search")
    }

    @Test("a dropped connection is retried on reads and is UNAVAILABLE on a create that is not retry-safe")
    func droppedConnection() async throws {
        let (projects, createError, workItems) = try await TrackerClientSession.run { session in
            let client = try session.client()
            try await session.setFaults(["drop": ["count": 1, "match": "_apis/projects"]])
            let projects = try await client.projects()
            try await session.setFaults(["holdNextCreate": "drop"])
            let createError = await Self.failure {
                _ = try await client.createWorkItem(project: "Project 0001", type: "Bug", operations: [Self.title])
            }
            let workItems = try await session.admin("GET", "workitems")["count"]?.intValue
            return (projects, createError, workItems)
        }

        #expect(projects.count == 3)
        #expect(createError?.status == .unavailable)
        #expect(createError?.upstream?.httpStatus == nil)
        #expect(workItems == 1)
    }

    @Test("a refused connection is UNAVAILABLE naming host and port")
    func connectionRefused() async throws {
        let (error, port) = try await TrackerClientSession.run { session in
            let port = session.simulator.port
            session.simulator.close()
            let error = await Self.failure {
                _ = try await session.client(retryPolicy: .never).connectionData()
            }
            return (error, port)
        }

        #expect(error?.status == .unavailable)
        #expect(error?.message == "could not connect to 127.0.0.1:\(port): connection refused")
        #expect(error?.retryable == true)
    }

    @Test("a TLS failure is UNAVAILABLE")
    func tlsFailure() async throws {
        let error = try await TrackerClientSession.run { session in
            await Self.failure {
                _ = try await session.client(host: "https://\(session.simulator.listeningAddress)").connectionData()
            }
        }

        #expect(error?.status == .unavailable)
        #expect(error?.message.contains("TLS") == true)
    }

    @Test("a tracker slower than the request timeout is DEADLINE_EXCEEDED")
    func timeout() async throws {
        let error = try await TrackerClientSession.run { session in
            try await session.setFaults(["latencyMs": 2000])
            return await Self.failure {
                _ = try await session.client(retryPolicy: .never, requestTimeoutMilliseconds: 200).connectionData()
            }
        }

        #expect(error?.status == .deadlineExceeded)
    }

    @Test("cancelling the caller's task is CANCELLED and frees the host's slot")
    func cancellation() async throws {
        let (error, active) = try await TrackerClientSession.run { session in
            try await session.setFaults(["latencyMs": 5000])
            let client = try session.client()
            let task = Task(executorPreference: session.loop) {
                await Self.failure { _ = try await client.connectionData() }
            }
            while try await session.counters().json["inFlight"]?.intValue != 1 {
                try await LoopDelay.wait(milliseconds: 10, on: session.loop)
            }
            task.cancel()
            let error = await task.value
            return (error, session.gate.activeRequests(host: client.endpoint))
        }

        #expect(error?.status == .cancelled)
        #expect(active == 0)
    }

    @Test("hosts that are not http(s) are refused before any request",
          arguments: ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://127.0.0.1/c"])
    func otherSchemesRefused(host: String) async throws {
        let (error, started) = try await TrackerClientSession.run { session in
            let error = await Self.failure { _ = try session.client(host: host) }
            return (error, session.http.startedRequestCount)
        }

        #expect(error?.status == .invalidArgument)
        #expect(started == 0)
    }
}
