import Simulator
import Testing

@Suite("Simulator command line")
struct SimulatorOptionsTests {
    @Test("every option is read into the configuration")
    func allOptions() throws {
        let (configuration, logLevel) = try SimulatorOptions.parse([
            "--port", "0", "--host", "::1", "--projects", "2500", "--latency-ms", "20",
            "--pat", "full", "--pat", "narrow:vso.work_write,vso.project", "--paging", "continuation",
            "--process", "scrum", "--max-api-version", "3.2", "--collection-path", "/tfs/DefaultCollection/",
            "--hook-retry-ms", "50", "--log-level", "debug",
        ])

        #expect(configuration.port == 0)
        #expect(configuration.host == "::1")
        #expect(configuration.projectCount == 2500)
        #expect(configuration.latencyMilliseconds == 20)
        #expect(configuration.accessTokens.map(\.token) == ["full", "narrow"])
        #expect(configuration.accessTokens[0].scopes == nil)
        #expect(configuration.accessTokens[1].scopes == ["vso.work_write", "vso.project"])
        #expect(configuration.paging == .continuation)
        #expect(configuration.process == .scrum)
        #expect(configuration.maximumAPIVersion.text == "3.2")
        #expect(configuration.collectionPath == "/tfs/DefaultCollection")
        #expect(configuration.hookRetryMilliseconds == 50)
        #expect(logLevel == "debug")
    }

    @Test("without --pat there is one token with every scope")
    func defaultToken() throws {
        let (configuration, _) = try SimulatorOptions.parse(["--port", "8080"])

        #expect(configuration.accessTokens.map(\.token) == [SimulatorConfiguration.defaultToken])
        #expect(configuration.accessTokens[0].scopes == nil)
    }

    @Test("bad command lines are refused with a message naming the option", arguments: [
        (["--projects", "3"], "--port is required"),
        (["--port", "0", "--host", "0.0.0.0"], "loopback only"),
        (["--port", "99999"], "--port 99999"),
        (["--port", "0", "--paging", "pages"], "--paging pages"),
        (["--port", "0", "--process", "Kanban"], "--process Kanban"),
        (["--port", "0", "--max-api-version", "5.0-preview"], "--max-api-version"),
        (["--port", "0", "--frobnicate", "1"], "unknown option --frobnicate"),
        (["--port"], "--port needs a value"),
    ])
    func refused(arguments: [String], message: String) {
        #expect {
            _ = try SimulatorOptions.parse(arguments)
        } throws: { error in
            String(describing: error).contains(message)
        }
    }
}
