import HTTP
import JSON
import Simulator
import TestSupport
import Testing

@Suite("Simulator authentication")
struct SimulatorAuthenticationTests {
    @Test("a bad token with X-TFS-FedAuthRedirect: Suppress gets 401 with the JSON envelope")
    func badTokenJSON() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let response = try await session.send("GET", "_apis/projects?api-version=2.0", token: "wrong")

            #expect(response.status == 401)
            #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Basic realm=") == true)
            let error = try response.json()
            #expect(error["typeKey"]?.stringValue == "UnauthorizedRequestException")
            #expect(error["message"]?.stringValue?.hasPrefix("VS30063") == true)
            #expect(error["$id"]?.stringValue == "1")
            #expect(error["eventId"]?.intValue == 3000)
        }
    }

    @Test("a bad token without the suppress header gets a 203 HTML sign-in page")
    func badTokenSignInPage() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let response = try await session.send("GET", "_apis/connectionData", token: "wrong",
                                                  suppressRedirect: false)

            #expect(response.status == 203)
            #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true)
            #expect(response.bodyText.contains("Sign in"))
        }
    }

    @Test("the unauthenticated fault can turn rejections into a 302 to _signin")
    func badTokenRedirect() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["unauthenticated": "redirect"])

            let response = try await session.send("GET", "_apis/connectionData", token: nil)

            #expect(response.status == 302)
            #expect(response.redirectLocation?.contains("/_signin?") == true)
        }
    }

    @Test("a token without the work item scope reads connectionData but gets 401 on work item routes")
    func missingScope() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }

            let whoAmI = try await session.send("GET", "_apis/connectionData", token: "profile-only")
            let types = try await session.send("GET", "Project%200001/_apis/wit/workitemtypes?api-version=2.0",
                                               token: "profile-only")

            #expect(whoAmI.status == 200)
            #expect(try whoAmI.json()["authenticatedUser"]?["providerDisplayName"]?.stringValue == "Alice Admin")
            #expect(types.status == 401)
            #expect(try types.json()["message"]?.stringValue?.hasPrefix("TF400813") == true)
        }
    }

    @Test("an expired token is refused with the expiry message")
    func expiredToken() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "pats", ["token": "old-pat", "expired": true])

            let response = try await session.send("GET", "_apis/connectionData", token: "old-pat")

            #expect(response.status == 401)
            let expected = "Access Denied: The Personal Access Token used has expired."
            #expect(try response.json()["message"]?.stringValue == expected)
        }
    }

    @Test("the sign-in page fault answers 203 even with a good token")
    func signInPageFault() async throws {
        try await LoopHarness.run { loop in
            let session = try SimulatorSession(loop: loop)
            defer { session.close() }
            try await session.admin("POST", "faults", ["signInPage": ["count": 1]])

            let first = try await session.send("GET", "_apis/connectionData")
            let second = try await session.send("GET", "_apis/connectionData")

            #expect(first.status == 203)
            #expect(second.status == 200)
        }
    }
}
