import Foundation

/// A program the test started, with its standard output and standard error captured in files.
///
/// The process is killed (SIGKILL) and reaped when the value is released, so a failing test never leaves
/// a server running. Not thread-safe: one test drives it.
public final class ChildProcess {
    public let pid: pid_t
    public let executable: String
    public let arguments: [String]
    /// Where standard output and standard error go; read them with `standardOutput` / `standardError`.
    public let standardOutputPath: String
    public let standardErrorPath: String
    public private(set) var exit: ProcessExit?

    /// How often `waitForExit` looks at the child; short enough not to slow tests down.
    static let pollInterval: TimeInterval = 0.01

    /// Starts `executable` with `arguments` in `workingDirectory`. The child inherits this process's
    /// environment with `environment` laid over it (a `nil` value removes a variable).
    public init(
        executable: String, arguments: [String], workingDirectory: String, environment: [String: String?] = [:],
        outputPrefix: String? = nil
    ) throws {
        self.executable = executable
        self.arguments = arguments
        let name = outputPrefix ?? (executable as NSString).lastPathComponent
        standardOutputPath = "\(workingDirectory)/\(name).stdout"
        standardErrorPath = "\(workingDirectory)/\(name).stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try ChildProcess.addChangeDirectory(workingDirectory, to: &actions)

        // Test threads (Dispatch workers) block most signals, and a spawned child inherits that mask: it would
        // never see the SIGTERM a test sends. Start the child with nothing blocked and default dispositions.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var nothingBlocked = sigset_t()
        sigemptyset(&nothingBlocked)
        posix_spawnattr_setsigmask(&attributes, &nothingBlocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var child = pid_t()
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw TestSupportError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    deinit {
        if exit == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Runs a program to completion and returns how it ended with what it printed.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: TemporaryDirectory,
        environment: [String: String?] = [:], timeout: TimeInterval = 60
    ) throws -> ProcessOutcome {
        let child = try ChildProcess(
            executable: executable, arguments: arguments, workingDirectory: directory.path, environment: environment,
            outputPrefix: "run-\(UUID().uuidString.prefix(8))"
        )
        let exit = try child.waitForExit(timeout: timeout)
        return ProcessOutcome(exit: exit, standardOutput: child.standardOutput, standardError: child.standardError)
    }

    public var standardOutput: String {
        (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? ""
    }

    public var standardError: String {
        (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
    }

    /// Whether the child has not ended yet (reaping it if it has).
    public var isRunning: Bool {
        pollExit() == nil
    }

    /// Sends `signal` to the child.
    public func send(signal: Int32) {
        guard exit == nil else { return }
        kill(pid, signal)
    }

    /// Waits for the child to end; throws when it is still running after `timeout` seconds.
    @discardableResult
    public func waitForExit(timeout: TimeInterval) throws -> ProcessExit {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let exit = pollExit() { return exit }
            guard Date() < deadline else {
                throw TestSupportError("\(executable) (pid \(pid)) was still running after \(timeout) s")
            }
            Thread.sleep(forTimeInterval: ChildProcess.pollInterval)
        }
    }

    /// Asks the child to stop with SIGTERM and kills it when it has not ended after `grace` seconds.
    @discardableResult
    public func stop(grace: TimeInterval = 15) -> ProcessExit {
        send(signal: SIGTERM)
        if let exit = try? waitForExit(timeout: grace) { return exit }
        send(signal: SIGKILL)
        return (try? waitForExit(timeout: grace)) ?? .signaled(SIGKILL)
    }

    /// The child's resident memory (VmRSS from `/proc/<pid>/status`) in bytes.
    public func residentMemoryBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestSupportError("no VmRSS line in /proc/\(pid)/status: is the process still running?")
        }
        return kilobytes * 1024
    }

    /// Waits until standard error contains `text`, returning the whole log; throws after `timeout` seconds or
    /// when the child ends first.
    @discardableResult
    public func waitForStandardError(containing text: String, timeout: TimeInterval = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let log = standardError
            if log.contains(text) { return log }
            if let exit = pollExit() {
                throw TestSupportError("\(executable) \(exit) before logging '\(text)'. Its log:\n\(standardError)")
            }
            guard Date() < deadline else {
                throw TestSupportError("\(executable) did not log '\(text)' within \(timeout) s. Its log:\n\(log)")
            }
            Thread.sleep(forTimeInterval: ChildProcess.pollInterval)
        }
    }

    /// glibc declares `posix_spawn_file_actions_addchdir_np` only for `_GNU_SOURCE` builds, which Swift's
    /// Glibc module is not, so the function is looked up at run time.
    private static func addChangeDirectory(
        _ directory: String, to actions: inout posix_spawn_file_actions_t
    ) throws {
        typealias AddChangeDirectory = @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
            throw TestSupportError("this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or newer)")
        }
        let status = unsafeBitCast(symbol, to: AddChangeDirectory.self)(&actions, directory)
        guard status == 0 else {
            throw TestSupportError("cannot prepare to start in \(directory): \(String(cString: strerror(status)))")
        }
    }

    private func pollExit() -> ProcessExit? {
        if let exit { return exit }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        exit = ProcessExit(waitStatus: status)
        return exit
    }
}
