import Foundation

/// Removes a configuration's secrets (the token, and its Basic-auth and percent encodings) from text the
/// tracker sent back, before that text reaches an error, a log line or a caller.
///
/// Matching ignores ASCII letter case, and any run of at least `minimumRun` characters copied from a secret
/// is removed too, so a tracker that echoes the token upper-cased, or only its first part, gives nothing away.
struct SecretRedactor: Sendable {
    static let replacement = "[redacted]"
    /// The shortest piece of a secret that is removed wherever it appears; a shorter secret is removed whole.
    static let minimumRun = 8
    /// Secrets shorter than this are not matched at all: they would match ordinary words.
    static let shortestSecret = 4

    /// The secrets as bytes, ASCII letters lower-cased.
    private let secrets: [[UInt8]]

    init(personalAccessToken: String, username: String) {
        let basic = Data("\(username):\(personalAccessToken)".utf8).base64EncodedString()
        let bare = Data(":\(personalAccessToken)".utf8).base64EncodedString()
        let encoded = personalAccessToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        secrets = [personalAccessToken, basic, bare, encoded ?? ""]
            .map { SecretRedactor.folded(Array($0.utf8)) }
            .filter { $0.count >= SecretRedactor.shortestSecret }
    }

    func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let folded = SecretRedactor.folded(bytes)
        var hidden = [Bool](repeating: false, count: bytes.count)
        for secret in secrets {
            mark(secret, in: folded, hidden: &hidden)
        }
        guard hidden.contains(true) else { return text }

        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if hidden[index] {
                result.append(contentsOf: SecretRedactor.replacement.utf8)
                while index < bytes.count, hidden[index] { index += 1 }
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    func redact(_ text: String?) -> String? {
        text.map { redact($0) }
    }

    /// The same error with its message and everything the tracker said passed through `redact`.
    func redact(_ error: TrackerError) -> TrackerError {
        var clean = error
        clean.message = redact(error.message)
        if var upstream = error.upstream {
            upstream.message = redact(upstream.message)
            upstream.typeKey = redact(upstream.typeKey)
            clean.upstream = upstream
        }
        return clean
    }

    /// Marks every byte of `text` that belongs to a run of at least `minimumRun` bytes (or the whole secret,
    /// when it is shorter) also found in `secret`: the longest common runs, found by dynamic programming.
    private func mark(_ secret: [UInt8], in text: [UInt8], hidden: inout [Bool]) {
        let needed = min(SecretRedactor.minimumRun, secret.count)
        var previous = [Int](repeating: 0, count: secret.count + 1)
        var current = previous
        for (position, byte) in text.enumerated() {
            for offset in 0..<secret.count {
                let run = secret[offset] == byte ? previous[offset] + 1 : 0
                current[offset + 1] = run
                if run == needed {
                    for hiddenPosition in (position - run + 1)...position { hidden[hiddenPosition] = true }
                } else if run > needed {
                    hidden[position] = true
                }
            }
            swap(&previous, &current)
        }
    }

    private static func folded(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}
