import CCrypto

/// libcrypto's one-time set-up, done before the first cipher, digest or random call.
enum CryptoLibrary {
    /// A static `let` runs its initialiser once, under a lock, whichever thread gets here first.
    private static let isInitialized: Bool = ccrypto_initialize() == 1

    static func initialize() throws {
        guard isInitialized else { throw CryptoError.library("OPENSSL_init_crypto") }
    }
}
