import EventLoop
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Everything `tracker-bridge serve` needs to know before it opens a socket. Built by `CommandLineParser`.
struct ServeOptions {
    /// Files the server creates under the working directory when no other path is given.
    static let defaultDirectory = "var"
    static let defaultSocketPath = "var/tracker-bridge.sock"
    static let defaultDatabasePath = "var/tracker-bridge.sqlite3"
    static let defaultSecretKeyPath = "var/tracker-bridge.key"
    static let defaultSocketMode: mode_t = 0o600
    static let defaultMaxMessageBytes = 4 * 1024 * 1024
    static let defaultShutdownGraceMilliseconds: UInt64 = 10_000
    /// Syncing more often than this would spend the tracker's rate budget on polling.
    static let minimumSyncIntervalSeconds = 60

    /// The smallest message limit that still leaves room for an ordinary request.
    static let minimumMaxMessageBytes = 1024

    var socketPath = defaultSocketPath
    var socketMode = defaultSocketMode
    var tcpListen: ListenAddress?
    var allowRemote = false
    var authTokenFile: String?
    var databasePath = defaultDatabasePath
    var secretKeyFile = defaultSecretKeyPath
    var webhookListen: ListenAddress?
    var publicURL: String?
    var syncIntervalSeconds: Int?
    var logLevel = LogLevel.info
    var maxMessageBytes = defaultMaxMessageBytes
    var shutdownGraceMilliseconds = defaultShutdownGraceMilliseconds
    var schemaPath: String?

    /// Whether any file lives at its default place, so that the `var/` folder has to exist.
    var usesDefaultDirectory: Bool {
        [socketPath, databasePath, secretKeyFile].contains { $0.hasPrefix(ServeOptions.defaultDirectory + "/") }
    }
}
