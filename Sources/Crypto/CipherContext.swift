import CCrypto

/// One OpenSSL `EVP_CIPHER_CTX` for AES-256-GCM, freed in `deinit`. Used for one seal or one open.
final class CipherContext {
    private let handle: OpaquePointer
    private var encrypting = true

    init() throws {
        try CryptoLibrary.initialize()
        guard let handle = EVP_CIPHER_CTX_new() else { throw CryptoError.library("EVP_CIPHER_CTX_new") }
        self.handle = handle
    }

    deinit {
        EVP_CIPHER_CTX_free(handle)
    }

    func initialize(encrypting: Bool, key: [UInt8], nonce: [UInt8]) throws {
        self.encrypting = encrypting
        let initialize = encrypting ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        guard initialize(handle, EVP_aes_256_gcm(), nil, nil, nil) == 1 else {
            throw CryptoError.library("cipher initialisation")
        }
        guard EVP_CIPHER_CTX_ctrl(handle, ccrypto_gcm_set_iv_length(), Int32(nonce.count), nil) == 1 else {
            throw CryptoError.library("setting the GCM nonce length")
        }
        guard initialize(handle, nil, nil, key, nonce) == 1 else {
            throw CryptoError.library("setting the key and nonce")
        }
    }

    func addAssociatedData(_ data: [UInt8]) throws {
        guard !data.isEmpty else { return }
        var unused: Int32 = 0
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        guard update(handle, nil, &unused, data, Int32(data.count)) == 1 else {
            throw CryptoError.library("adding associated data")
        }
    }

    func update(_ input: [UInt8]) throws -> [UInt8] {
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        guard update(handle, &output, &written, input, Int32(input.count)) == 1 else {
            throw CryptoError.library(encrypting ? "encryption" : "decryption")
        }
        return Array(output.prefix(Int(written)))
    }

    /// Ends an encryption. GCM is a stream mode, so no bytes remain to be written.
    func finish() throws {
        var output = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        guard EVP_EncryptFinal_ex(handle, &output, &written) == 1 else {
            throw CryptoError.library("finishing encryption")
        }
    }

    func tag() throws -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: AESGCM.tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(handle, ccrypto_gcm_get_tag(), Int32(tag.count), &tag) == 1 else {
            throw CryptoError.library("reading the GCM tag")
        }
        return tag
    }

    func setExpectedTag(_ tag: [UInt8]) throws {
        var tag = tag
        guard EVP_CIPHER_CTX_ctrl(handle, ccrypto_gcm_set_tag(), Int32(tag.count), &tag) == 1 else {
            throw CryptoError.library("setting the GCM tag")
        }
    }

    /// Ends a decryption; false when the tag does not match (wrong key, wrong associated data, altered bytes).
    func verifyAndFinish() -> Bool {
        var output = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        return EVP_DecryptFinal_ex(handle, &output, &written) == 1
    }
}
