import Crypto
import SQLite

/// Seals and opens the secrets kept at rest (personal access tokens, webhook tokens) with the key file's key.
///
/// Each secret is sealed with associated data naming its owner and purpose, so a ciphertext moved to
/// another row or field fails to open. A fixed "key check" value sealed at creation tells at start-up
/// whether the key file is the one this database was written with.
struct SecretVault {
    /// What a sealed secret is, part of its associated data.
    enum Purpose: String {
        case personalAccessToken = "pat"
        case webhookToken = "webhook-token"
    }

    static let keyCheckMetadataKey = "key_check"
    private static let keyCheckPlaintext = Array("tracker-bridge secret key check".utf8)
    private static let keyCheckAssociatedData = Array("tracker-bridge:key-check".utf8)

    private let cipher: AESGCM

    init(key: SecretKey) {
        self.cipher = AESGCM(key: key)
    }

    func seal(_ secret: String, purpose: Purpose, owner: String) throws -> [UInt8] {
        try cipher.seal(Array(secret.utf8), associatedData: associatedData(purpose, owner))
    }

    func open(_ sealed: [UInt8], purpose: Purpose, owner: String) throws -> String {
        let plaintext = try cipher.open(sealed, associatedData: associatedData(purpose, owner))
        return String(decoding: plaintext, as: UTF8.self)
    }

    /// The value stored once per database to recognise its key later.
    func sealKeyCheck() throws -> [UInt8] {
        try cipher.seal(SecretVault.keyCheckPlaintext, associatedData: SecretVault.keyCheckAssociatedData)
    }

    /// Whether `sealed` (a stored key check) was sealed with this vault's key.
    func matchesKeyCheck(_ sealed: [UInt8]) -> Bool {
        let opened = try? cipher.open(sealed, associatedData: SecretVault.keyCheckAssociatedData)
        return opened == SecretVault.keyCheckPlaintext
    }

    private func associatedData(_ purpose: Purpose, _ owner: String) -> [UInt8] {
        Array("tracker-bridge:\(purpose.rawValue):\(owner)".utf8)
    }
}
