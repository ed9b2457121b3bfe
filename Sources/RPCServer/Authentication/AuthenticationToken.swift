/// The shared secret that TCP clients present with `rpc.authenticate` (SPEC §8).
///
/// Compared in time that does not depend on where a guess goes wrong, and never shown: its description is
/// redacted, so it cannot reach a log line or an error by accident.
public struct AuthenticationToken: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// `nil` for an empty token, which would let anyone in.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        bytes = Array(text.utf8)
    }

    /// The token's length in bytes, for checks such as a minimum length.
    public var byteCount: Int { bytes.count }

    public var description: String { "AuthenticationToken(redacted)" }

    /// Whether `candidate` is the token. Every byte of the token is compared whatever the candidate holds, so
    /// the time taken says nothing about how much of a guess was right.
    public func matches(_ candidate: String) -> Bool {
        var candidate = candidate
        return candidate.withUTF8 { guess in
            var difference = UInt8(truncatingIfNeeded: bytes.count ^ guess.count)
            difference |= bytes.count != guess.count ? 1 : 0
            for index in 0..<bytes.count {
                difference |= bytes[index] ^ (index < guess.count ? guess[index] : 0)
            }
            return difference == 0
        }
    }
}
