import CCrypto

/// Hash functions and a timing-safe comparison.
public enum Digest {
    /// The SHA-256 digest of `bytes`, as 64 lowercase hexadecimal characters.
    public static func sha256Hex(_ bytes: [UInt8]) throws -> String {
        try CryptoLibrary.initialize()
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        guard result == 1 else { throw CryptoError.library("SHA-256") }
        return digest.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    /// Compares two byte strings in time that depends only on their lengths, for secrets such as webhook
    /// tokens where an early exit would tell an attacker how many leading bytes were right.
    public static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        guard !left.isEmpty else { return true }
        return left.withUnsafeBytes { leftBuffer in
            right.withUnsafeBytes { rightBuffer in
                CRYPTO_memcmp(leftBuffer.baseAddress, rightBuffer.baseAddress, leftBuffer.count) == 0
            }
        }
    }
}
