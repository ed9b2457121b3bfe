import CCrypto

/// Random bytes from OpenSSL's cryptographically secure generator, for keys, nonces and tokens.
public enum SecureRandom {
    public static func bytes(count: Int) throws -> [UInt8] {
        try CryptoLibrary.initialize()
        var bytes = [UInt8](repeating: 0, count: count)
        let result = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count))
        }
        guard result == 1 else { throw CryptoError.library("RAND_bytes") }
        return bytes
    }
}
