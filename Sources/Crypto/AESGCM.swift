import CCrypto

/// AES-256-GCM authenticated encryption of small secrets (tokens), through OpenSSL's EVP interface.
///
/// A sealed secret is `version (1 byte) | nonce (12) | ciphertext | tag (16)`. Every seal draws a fresh
/// random nonce, so sealing the same token twice gives different bytes. The associated data binds a
/// ciphertext to its place (e.g. "which configuration, which field"), so a sealed value copied into another
/// row fails to open instead of decrypting there.
public struct AESGCM: Sendable {
    static let formatVersion: UInt8 = 1
    static let nonceByteCount = 12
    static let tagByteCount = 16

    private let key: SecretKey

    public init(key: SecretKey) {
        self.key = key
    }

    /// Encrypts `plaintext`; `associatedData` must be given again, byte for byte, to open it.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        let nonce = try SecureRandom.bytes(count: AESGCM.nonceByteCount)
        let context = try CipherContext()
        try context.initialize(encrypting: true, key: key.bytes, nonce: nonce)
        try context.addAssociatedData(associatedData)
        let ciphertext = try context.update(plaintext)
        try context.finish()
        let tag = try context.tag()
        return [AESGCM.formatVersion] + nonce + ciphertext + tag
    }

    /// Decrypts what `seal` produced. Throws `authenticationFailed` when the key, the associated data or any
    /// byte of `sealed` differs from what was sealed.
    public func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        let minimumCount = 1 + AESGCM.nonceByteCount + AESGCM.tagByteCount
        guard sealed.count >= minimumCount, sealed[0] == AESGCM.formatVersion else {
            throw CryptoError(.authenticationFailed, "the sealed secret is truncated or of an unknown format")
        }
        let nonce = Array(sealed[1..<(1 + AESGCM.nonceByteCount)])
        let ciphertext = Array(sealed[(1 + AESGCM.nonceByteCount)..<(sealed.count - AESGCM.tagByteCount)])
        let tag = Array(sealed.suffix(AESGCM.tagByteCount))

        let context = try CipherContext()
        try context.initialize(encrypting: false, key: key.bytes, nonce: nonce)
        try context.addAssociatedData(associatedData)
        let plaintext = try context.update(ciphertext)
        try context.setExpectedTag(tag)
        guard context.verifyAndFinish() else {
            throw CryptoError(.authenticationFailed, "the sealed secret does not authenticate with this key")
        }
        return plaintext
    }
}
