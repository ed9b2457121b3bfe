import HTTP
import JSON
import Simulator
import TestSupport
import Testing

@Suite("Simulator project paging")
struct SimulatorPagingTests {
    @Test("2.x pages with $top and $skip and never sends a continuation token")
    func skipPaging() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) { $0.projectCount = 250 }
            defer { session.close() }

            var names: [String] = []
            var tokens: [String] = []
            var skip = 0
            while true {
                let response = try await session.send("GET", "_apis/projects?api-version=2.0&$top=100&$skip=\(skip)")
                let page = try #require(try response.json()["value"]?.arrayValue)
                if let token = response.headers["x-ms-continuationtoken"] { tokens.append(token) }
                names += page.compactMap { $0["name"]?.stringValue }
                if page.count < 100 { break }
                skip += page.count
            }

            #expect(names.count == 250)
            #expect(Set(names).count == 250)
            #expect(names.first == "Project 0001")
            #expect(tokens.isEmpty)
        }
    }

    @Test("5.0 announces each next page in x-ms-continuationtoken until the last")
    func continuationPaging() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) { $0.projectCount = 250 }
            defer { session.close() }

            var names: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let suffix = token.map { "&continuationToken=\($0)" } ?? ""
                let response = try await session.send("GET", "_apis/projects?api-version=5.0&$top=100\(suffix)")
                names += try #require(try response.json()["value"]?.arrayValue).compactMap { $0["name"]?.stringValue }
                token = response.headers["x-ms-continuationtoken"]
                pages += 1
            } while token != nil

            #expect(pages == 3)
            #expect(Set(names).count == 250)
        }
    }

    @Test("--paging skip keeps newer versions on $skip")
    func forcedSkipStyle() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop) {
                $0.projectCount = 5
                $0.paging = .skip
            }
            defer { session.close() }

            let response = try await session.send("GET", "_apis/projects?api-version=7.0&$top=2")

            #expect(response.headers["x-ms-continuationtoken"] == nil)
            #expect(try response.json()["count"]?.intValue == 2)
        }
    }

    @Test("team members come as identities on 2.x and wrapped in {identity} on newer versions")
    func teamMemberShapes() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            let path = "_apis/projects/Project%200001/teams/Project%200001%20Team/members"

            let old = try await session.send("GET", "\(path)?api-version=2.0").json()
            let new = try await session.send("GET", "\(path)?api-version=5.0").json()

            #expect(old["value"]?[0]?["uniqueName"]?.stringValue == "alice@example.com")
            #expect(new["value"]?[0]?["identity"]?["uniqueName"]?.stringValue == "alice@example.com")
            #expect(new["value"]?[0]?["uniqueName"] == nil)
        }
    }
}
