import Foundation

/// Parses the simulator's command line into a `SimulatorConfiguration`.
public enum SimulatorOptions {
    public static let usage = """
        usage: azure-devops-simulator --port N [--host 127.0.0.1] [--projects N] [--latency-ms N]
                                     [--pat TOKEN[:scope,scope]]... [--paging skip|continuation]
                                     [--process Agile|Scrum|CMMI|Basic] [--max-api-version X.Y]
                                     [--collection-path /tfs/DefaultCollection] [--hook-retry-ms N]
                                     [--log-level info]
        """

    /// A command line the simulator cannot run with; the message says which option and why.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The configuration and the log level name (`--log-level`, default `info`).
    public static func parse(_ arguments: [String]) throws -> (SimulatorConfiguration, logLevel: String) {
        var configuration = SimulatorConfiguration()
        var tokens: [SimulatorConfiguration.AccessToken] = []
        var logLevel = "info"
        var sawPort = false
        var remaining = arguments[...]

        while let option = remaining.popFirst() {
            if option == "--help" || option == "-h" { throw Failure(description: usage) }
            guard let value = remaining.popFirst() else {
                throw Failure(description: "\(option) needs a value\n\(usage)")
            }
            switch option {
            case "--port":
                configuration.port = try integer(value, option: option, range: 0...65_535)
                sawPort = true
            case "--host":
                guard ["127.0.0.1", "::1", "localhost"].contains(value) else {
                    throw Failure(description: "--host \(value): the simulator binds loopback only; "
                        + "use 127.0.0.1 or ::1")
                }
                configuration.host = value == "localhost" ? "127.0.0.1" : value
            case "--projects":
                configuration.projectCount = try integer(value, option: option, range: 0...100_000)
            case "--latency-ms":
                configuration.latencyMilliseconds = UInt64(try integer(value, option: option, range: 0...600_000))
            case "--pat":
                tokens.append(try accessToken(value))
            case "--paging":
                guard let style = SimulatorConfiguration.PagingStyle(rawValue: value) else {
                    throw Failure(description: "--paging \(value): use skip or continuation")
                }
                configuration.paging = style
            case "--process":
                guard let process = ProcessTemplate(name: value) else {
                    throw Failure(description: "--process \(value): use Agile, Scrum, CMMI or Basic")
                }
                configuration.process = process
            case "--max-api-version":
                guard let version = APIVersion(value), !version.isPreview else {
                    throw Failure(description: "--max-api-version \(value): give a released version such as 3.2")
                }
                configuration.maximumAPIVersion = version
            case "--collection-path":
                configuration.collectionPath = try collectionPath(value)
            case "--hook-retry-ms":
                configuration.hookRetryMilliseconds = UInt64(try integer(value, option: option, range: 1...3_600_000))
            case "--log-level":
                logLevel = value
            default:
                throw Failure(description: "unknown option \(option)\n\(usage)")
            }
        }

        guard sawPort else { throw Failure(description: "--port is required (0 picks a free port)\n\(usage)") }
        if !tokens.isEmpty { configuration.accessTokens = tokens }
        return (configuration, logLevel)
    }

    private static func integer(_ text: String, option: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw Failure(description: "\(option) \(text): expected a whole number from \(range.lowerBound) "
                + "to \(range.upperBound)")
        }
        return value
    }

    /// `TOKEN` (every scope) or `TOKEN:vso.work_write,vso.project`.
    static func accessToken(_ text: String) throws -> SimulatorConfiguration.AccessToken {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let token = String(parts[0])
        guard !token.isEmpty else { throw Failure(description: "--pat needs a token before the scopes") }
        guard parts.count == 2 else { return SimulatorConfiguration.AccessToken(token: token) }
        let scopes = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return SimulatorConfiguration.AccessToken(token: token, scopes: Set(scopes.filter { !$0.isEmpty }))
    }

    private static func collectionPath(_ text: String) throws -> String {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard trimmed.isEmpty || (trimmed.hasPrefix("/") && !trimmed.contains("?")) else {
            throw Failure(description: "--collection-path \(text): give a path such as /tfs/DefaultCollection")
        }
        return trimmed
    }
}
