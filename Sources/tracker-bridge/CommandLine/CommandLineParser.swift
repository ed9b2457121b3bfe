import Foundation
import EventLoop
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Turns the process arguments and environment into a `Command`, or a `UsageError` that says what to fix.
///
/// Options take their value as the next argument or after `=` (`--socket=/run/tb.sock`). Flags given on the
/// command line win over environment variables, which win over the defaults.
struct CommandLineParser {
    static let socketEnvironmentVariable = "TRACKER_BRIDGE_SOCKET"
    static let databaseEnvironmentVariable = "TRACKER_BRIDGE_DATABASE"

    let arguments: [String]
    let environment: [String: String]

    func parse() throws -> Command {
        guard let first = arguments.first else {
            throw UsageError("no command given: use 'tracker-bridge serve'")
        }
        switch first {
        case "--help", "-h", "help":
            return .help
        case "--version", "-V", "version":
            return .version
        case "serve":
            return try parseServe(Array(arguments.dropFirst()))
        default:
            throw UsageError("unknown command '\(first)': the only command is 'serve'")
        }
    }

    private func parseServe(_ arguments: [String]) throws -> Command {
        var options = ServeOptions()
        if let socket = environment[CommandLineParser.socketEnvironmentVariable], !socket.isEmpty {
            options.socketPath = socket
        }
        if let database = environment[CommandLineParser.databaseEnvironmentVariable], !database.isEmpty {
            options.databasePath = database
        }

        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else {
                throw UsageError("unexpected argument '\(argument)': serve takes only --options")
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst() else { throw UsageError("\(name) needs a value") }
                return next
            }

            switch name {
            case "--help": return .help
            case "--version": return .version
            case "--socket": options.socketPath = try nonEmpty(value(), for: name)
            case "--socket-mode": options.socketMode = try parseMode(value())
            case "--listen": options.tcpListen = try parseAddress(value(), for: name)
            case "--allow-remote": options.allowRemote = try flag(name, inlineValue)
            case "--auth-token-file": options.authTokenFile = try nonEmpty(value(), for: name)
            case "--database": options.databasePath = try nonEmpty(value(), for: name)
            case "--secret-key-file": options.secretKeyFile = try nonEmpty(value(), for: name)
            case "--webhook-listen": options.webhookListen = try parseAddress(value(), for: name)
            case "--public-url": options.publicURL = try parsePublicURL(value())
            case "--sync-interval": options.syncIntervalSeconds = try parseSyncInterval(value())
            case "--log-level": options.logLevel = try parseLogLevel(value())
            case "--max-message-bytes": options.maxMessageBytes = try parseMaxMessageBytes(value())
            case "--shutdown-grace-ms": options.shutdownGraceMilliseconds = try parseMilliseconds(value(), for: name)
            case "--schema": options.schemaPath = try nonEmpty(value(), for: name)
            default: throw UsageError("unknown option '\(name)'")
            }
        }

        try checkRemoteAccess(options)
        return .serve(options)
    }

    private func flag(_ name: String, _ inlineValue: String?) throws -> Bool {
        guard inlineValue == nil else { throw UsageError("\(name) is a flag and takes no value") }
        return true
    }

    private func nonEmpty(_ value: String, for name: String) throws -> String {
        guard !value.isEmpty else { throw UsageError("\(name) needs a non-empty value") }
        return value
    }

    private func parseMode(_ text: String) throws -> mode_t {
        let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
        guard !digits.isEmpty, let mode = mode_t(digits, radix: 8), mode <= 0o777 else {
            throw UsageError("--socket-mode expects octal permission bits such as 0600 or 0660, got '\(text)'")
        }
        guard mode & 0o600 == 0o600 else {
            throw UsageError("--socket-mode \(text) would lock the server's own user out: keep at least 0600")
        }
        return mode
    }

    private func parseAddress(_ text: String, for name: String) throws -> ListenAddress {
        guard let address = ListenAddress.parseTCP(text), case .tcp(let host, _) = address,
              IPAddressText.isNumeric(host) else {
            throw UsageError("\(name) expects a numeric IP address and port such as 127.0.0.1:8700, got '\(text)'")
        }
        return address
    }

    /// Seconds between two synchronisations of every two-way configuration: 60 at least, one day at most.
    private func parseSyncInterval(_ text: String) throws -> Int {
        guard let seconds = Int(text), (ServeOptions.minimumSyncIntervalSeconds...86_400).contains(seconds) else {
            throw UsageError(
                "--sync-interval expects whole seconds between \(ServeOptions.minimumSyncIntervalSeconds) "
                    + "and 86400, got '\(text)'"
            )
        }
        return seconds
    }

    private func parsePublicURL(_ text: String) throws -> String {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
              parts.query == nil, parts.fragment == nil
        else {
            throw UsageError(
                "--public-url expects the base URL the tracker reaches this server at: http:// or https://, a host, "
                    + "no query, e.g. https://bridge.example.com; got '\(text)'"
            )
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private func parseLogLevel(_ text: String) throws -> LogLevel {
        guard let level = LogLevel(name: text) else {
            let names = LogLevel.allCases.map(\.name).joined(separator: ", ")
            throw UsageError("--log-level expects one of \(names), got '\(text)'")
        }
        return level
    }

    private func parseMaxMessageBytes(_ text: String) throws -> Int {
        guard let bytes = Int(text), bytes >= ServeOptions.minimumMaxMessageBytes else {
            throw UsageError(
                "--max-message-bytes expects a whole number of at least \(ServeOptions.minimumMaxMessageBytes), "
                    + "got '\(text)'"
            )
        }
        return bytes
    }

    private func parseMilliseconds(_ text: String, for name: String) throws -> UInt64 {
        guard let milliseconds = UInt64(text) else {
            throw UsageError("\(name) expects a whole number of milliseconds, got '\(text)'")
        }
        return milliseconds
    }

    /// Non-loopback listeners expose the server beyond this machine: that takes an explicit opt-in and, for
    /// JSON-RPC over TCP, a token every connection has to present.
    private func checkRemoteAccess(_ options: ServeOptions) throws {
        for (name, address) in [("--listen", options.tcpListen), ("--webhook-listen", options.webhookListen)] {
            guard case .tcp(let host, _)? = address, !IPAddressText.isLoopback(host) else { continue }
            guard options.allowRemote else {
                throw UsageError(
                    "\(name) \(address!) is not a loopback address: add --allow-remote (with --auth-token-file) "
                        + "to accept connections from other machines, or use 127.0.0.1"
                )
            }
        }
        if options.allowRemote && options.authTokenFile == nil {
            throw UsageError("--allow-remote requires --auth-token-file so that remote clients must authenticate")
        }
        if options.authTokenFile != nil && options.tcpListen == nil {
            throw UsageError("--auth-token-file only applies to --listen: add --listen HOST:PORT or drop it")
        }
    }
}
