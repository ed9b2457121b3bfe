import EventLoop
import HTTP
import JSON
import Simulator
import TestSupport
import Testing

@Suite("Simulator faults and counters")
struct SimulatorFaultTests {
    @Test("throttling answers 429 with Retry-After and rate-limit headers, and the counters record when")
    func throttling() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["throttle": ["count": 2, "retryAfterSeconds": 3]])

            let first = try await session.send("GET", "_apis/projects?api-version=5.0")
            let second = try await session.send("GET", "_apis/projects?api-version=5.0")
            let third = try await session.send("GET", "_apis/projects?api-version=5.0")
            let counters = try await session.admin("GET", "counters")

            #expect([first.status, second.status, third.status] == [429, 429, 200])
            #expect(first.headers["Retry-After"] == "3")
            #expect(first.headers["X-RateLimit-Remaining"] == "0")
            #expect(try first.json()["message"]?.stringValue?.hasPrefix("TF400733") == true)
            let issued = counters["retryAfterIssued"]?.arrayValue ?? []
            #expect(issued.count == 2)
            #expect(issued.first?["retryAfterSeconds"]?.intValue == 3)
            #expect(issued.first?["atMs"]?.intValue != nil)
            #expect(counters["requestsByRoute"]?["GET _apis/projects"]?.intValue == 3)
        }
    }

    @Test("a Retry-After can also come on a 200 as a warning")
    func retryAfterOnSuccess() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["throttle": ["count": 1, "status": 200, "retryAfterSeconds": 2]])

            let response = try await session.send("GET", "_apis/connectionData")

            #expect(response.status == 200)
            #expect(response.headers["Retry-After"] == "2")
        }
    }

    @Test("server errors and dropped connections hit only the requests they match")
    func serverErrorsAndDrops() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", [
                "serverError": ["count": 1, "status": 503, "match": "wit/workitems"],
                "drop": ["count": 1, "match": "_apis/projects"],
            ])

            let unaffected = try await session.send("GET", "_apis/connectionData")
            let unavailable = try await session.createWorkItem(fields: [("System.Title", "x")])
            var dropped: HTTPError?
            do {
                _ = try await session.sendOnNewConnection("GET", "_apis/projects")
            } catch let error as HTTPError {
                dropped = error
            }
            let afterwards = try await session.send("GET", "_apis/projects")

            #expect(unaffected.status == 200)
            #expect(unavailable.status == 503)
            #expect(dropped != nil)
            #expect(afterwards.status == 200)
        }
    }

    @Test("latency holds requests, and concurrent ones are counted as concurrent")
    func latencyAndConcurrency() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) { $0.latencyMilliseconds = 50 }
            defer { session.close() }

            let statuses = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask(executorPreference: loop) {
                        try await session.send("GET", "_apis/connectionData").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let counters = try await session.admin("GET", "counters")

            #expect(statuses == [200, 200, 200, 200])
            #expect(counters["maxConcurrentRequests"]?.intValue == 4)
            #expect(counters["inFlight"]?.intValue == 0)
        }
    }

    @Test("holdNextCreate creates the work item but answers only when released")
    func heldCreate() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["holdNextCreate": "hold"])

            let pending = Task(executorPreference: loop) {
                try await session.createWorkItem(fields: [("System.Title", "held")])
            }
            var stored = 0
            while stored == 0 {
                stored = try await session.admin("GET", "workitems")["count"]?.intValue ?? 0
                if stored == 0 { try await Task.sleep(nanoseconds: 5_000_000) }
            }
            let released = try await session.admin("POST", "faults/release")
            let response = try await pending.value

            #expect(released["released"]?.intValue == 1)
            #expect(response.status == 200)
            #expect(try response.json()["fields"]?["System.Title"]?.stringValue == "held")
        }
    }

    @Test("holdNextCreate drop creates the work item and closes the connection without a reply")
    func droppedCreate() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["holdNextCreate": "drop"])

            var failure: HTTPError?
            do {
                let body: JSONValue = [["op": "add", "path": "/fields/System.Title", "value": "lost reply"]]
                _ = try await session.sendOnNewConnection(
                    "POST", "Project%200001/_apis/wit/workitems/$Bug?api-version=5.0",
                    contentType: "application/json-patch+json", body: body
                )
            } catch let error as HTTPError {
                failure = error
            }
            let stored = try await session.admin("GET", "workitems")

            #expect(failure != nil)
            #expect(stored["count"]?.intValue == 1)
            #expect(stored["value"]?[0]?["fields"]?["System.Title"]?.stringValue == "lost reply")
        }
    }
}
