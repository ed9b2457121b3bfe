/// The 256-bit key that encrypts secrets at rest. Its description never shows the key.
public struct SecretKey: Sendable, CustomStringConvertible {
    public static let byteCount = 32

    let bytes: [UInt8]

    /// Wraps existing key bytes; there must be exactly `byteCount` of them.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == SecretKey.byteCount else {
            throw CryptoError(.malformedKeyFile, "a secret key is \(SecretKey.byteCount) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh key from the secure random generator.
    public static func generate() throws -> SecretKey {
        try SecretKey(bytes: SecureRandom.bytes(count: byteCount))
    }

    public var description: String { "SecretKey(redacted)" }
}
