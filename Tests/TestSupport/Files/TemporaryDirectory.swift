import Foundation

/// A fresh directory for one test, removed with everything in it when the value is released.
///
/// It lives under `/tmp` with a short name so that Unix socket paths inside it stay well below the
/// 107-byte limit of `sockaddr_un`.
public final class TemporaryDirectory: @unchecked Sendable {
    /// `@unchecked Sendable`: `path` is immutable and removal happens once, in `deinit`.
    public let path: String

    /// Creates the directory; `prefix` shows up in its name to tell tests apart when one is left behind.
    public init(prefix: String = "tb") throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            let reason = String(cString: strerror(errno))
            throw TestSupportError("cannot create a temporary directory under /tmp: \(reason)")
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `name` inside the directory.
    public func file(_ name: String) -> String {
        "\(path)/\(name)"
    }

    /// Writes `contents` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ contents: String, to name: String, mode: Int = 0o600) throws -> String {
        let target = file(name)
        guard FileManager.default.createFile(
            atPath: target, contents: Data(contents.utf8), attributes: [.posixPermissions: mode]
        ) else {
            throw TestSupportError("cannot write \(target)")
        }
        return target
    }
}
