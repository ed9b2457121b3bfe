import Foundation
import RPCServer

#if canImport(Glibc)
import Glibc
#endif

/// Reads `--auth-token-file`: the token TCP clients must present with `rpc.authenticate` (SPEC §8).
///
/// The file must be a regular file that only its owner can read or write (mode 0600 or 0400), since anyone
/// who reads it can use the server. Surrounding whitespace, such as the newline an editor adds, is not part
/// of the token.
enum AuthTokenFile {
    /// Shorter tokens are too easy to guess over the network.
    static let minimumLength = 16

    static func read(path: String) throws -> AuthenticationToken {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StartupError("cannot read --auth-token-file \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw StartupError("--auth-token-file \(path) is not a regular file: give the path of the token file")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StartupError(
                "--auth-token-file \(path) has mode 0\(String(mode, radix: 8)), so other users can read the token: "
                    + "run chmod 600 \(path)"
            )
        }

        guard let contents = FileManager.default.contents(atPath: path),
            let text = String(data: contents, encoding: .utf8)
        else {
            throw StartupError("cannot read --auth-token-file \(path) as UTF-8 text: write the token as plain text")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.utf8.count >= minimumLength, let authenticationToken = AuthenticationToken(token) else {
            throw StartupError(
                "the token in --auth-token-file \(path) is shorter than \(minimumLength) characters: "
                    + "use a long random one, e.g. from `openssl rand -hex 32`"
            )
        }
        return authenticationToken
    }
}
