import Testing
import TestSupport

/// `tracker-bridge` run as a command: help, version and the usage errors that must stop it before it binds.
@Suite("tracker-bridge command line")
struct CommandLineTests {
    private func run(_ arguments: [String]) throws -> ProcessOutcome {
        let directory = try TemporaryDirectory(prefix: "tb-cli")
        return try ChildProcess.run(BuiltProducts.trackerBridge, arguments, in: directory)
    }

    @Test("--help lists every serve option and exits 0")
    func help() throws {
        let outcome = try run(["--help"])

        #expect(outcome.exit == .exited(0))
        for option in [
            "--socket", "--socket-mode", "--listen", "--allow-remote", "--auth-token-file", "--database",
            "--secret-key-file", "--webhook-listen", "--public-url", "--log-level", "--max-message-bytes",
            "--shutdown-grace-ms", "--schema",
        ] {
            #expect(outcome.standardOutput.contains(option), "help does not mention \(option)")
        }
    }

    @Test("--version prints the program name and a version")
    func version() throws {
        let outcome = try run(["--version"])

        #expect(outcome.exit == .exited(0))
        #expect(outcome.standardOutput.hasPrefix("tracker-bridge "))
        #expect(outcome.standardOutput.split(separator: " ").last?.first?.isNumber == true)
    }

    @Test(
        "usage errors exit 2 and say what is wrong",
        arguments: [
            (["serve", "--no-such-option"], "unknown option '--no-such-option'"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            ([], "no command given"),
            (["serve", "--socket"], "--socket needs a value"),
            (["serve", "--socket-mode", "0999"], "--socket-mode expects octal"),
            (["serve", "--socket-mode", "0400"], "keep at least 0600"),
            (["serve", "--listen", "localhost"], "--listen expects a numeric IP address and port"),
            (["serve", "--listen", "0.0.0.0:8700"], "is not a loopback address"),
            (["serve", "--webhook-listen", "10.1.2.3:8080"], "is not a loopback address"),
            (["serve", "--listen", "0.0.0.0:8700", "--allow-remote"], "--allow-remote requires --auth-token-file"),
            (["serve", "--log-level", "loud"], "--log-level expects one of"),
            (["serve", "--max-message-bytes", "12"], "--max-message-bytes expects a whole number of at least"),
            (["serve", "--shutdown-grace-ms", "soon"], "--shutdown-grace-ms expects a whole number"),
            (["serve", "--public-url", "ftp://example.test"], "--public-url expects the base URL"),
            (["serve", "--public-url", "https://"], "http:// or https://, a host"),
            (["serve", "--sync-interval", "5"], "--sync-interval expects whole seconds between 60"),
            (["serve", "stray"], "unexpected argument 'stray'"),
        ]
    )
    func usageError(arguments: [String], expectedMessage: String) throws {
        let outcome = try run(arguments)

        #expect(outcome.exit == .exited(2))
        #expect(outcome.standardError.contains(expectedMessage), "stderr was: \(outcome.standardError)")
        #expect(outcome.standardError.contains("--help"), "a usage error should point at --help")
    }
}
