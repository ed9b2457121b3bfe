import Crypto
import Foundation
import Testing

@Suite("Crypto")
struct CryptoTests {
    @Test("a sealed secret opens with the same key and associated data")
    func roundTrip() throws {
        let cipher = AESGCM(key: try SecretKey.generate())
        let secret = Array("pat-0123456789abcdef".utf8)

        let sealed = try cipher.seal(secret, associatedData: Array("cfg-1".utf8))

        #expect(try cipher.open(sealed, associatedData: Array("cfg-1".utf8)) == secret)
        #expect(sealed.count == secret.count + 1 + 12 + 16)
        #expect(!sealed.containsSubsequence(secret))
    }

    @Test("sealing twice gives different bytes (fresh nonce every time)")
    func freshNonce() throws {
        let cipher = AESGCM(key: try SecretKey.generate())
        let first = try cipher.seal(Array("same".utf8), associatedData: [])
        let second = try cipher.seal(Array("same".utf8), associatedData: [])

        #expect(first != second)
    }

    @Test("another key, other associated data, or one flipped bit fail to open")
    func tamperingIsDetected() throws {
        let cipher = AESGCM(key: try SecretKey.generate())
        let sealed = try cipher.seal(Array("token".utf8), associatedData: Array("a".utf8))
        var flipped = sealed
        flipped[flipped.count / 2] ^= 0x01

        let otherKey = AESGCM(key: try SecretKey.generate())
        #expect(throws: CryptoError.self) { try otherKey.open(sealed, associatedData: Array("a".utf8)) }
        #expect(throws: CryptoError.self) { try cipher.open(sealed, associatedData: Array("b".utf8)) }
        #expect(throws: CryptoError.self) { try cipher.open(flipped, associatedData: Array("a".utf8)) }
        #expect(throws: CryptoError.self) { try cipher.open(Array(sealed.prefix(10)), associatedData: Array("a".utf8)) }
    }

    @Test("a new key file is created with mode 0600 and loads back the same key")
    func keyFileCreatedPrivate() throws {
        let directory = try TemporaryDirectory()
        let keyFile = SecretKeyFile(path: directory.file("nested/bridge.key"))

        let created = try keyFile.create()
        let loaded = try keyFile.load()

        var status = stat()
        #expect(stat(keyFile.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let sealed = try AESGCM(key: created).seal([1, 2, 3], associatedData: [])
        #expect(try AESGCM(key: loaded).open(sealed, associatedData: []) == [1, 2, 3])
    }

    @Test("creating never replaces an existing key file")
    func createKeepsExistingKey() throws {
        let directory = try TemporaryDirectory()
        let keyFile = SecretKeyFile(path: directory.file("bridge.key"))
        let first = try keyFile.create()

        let second = try keyFile.create()

        let sealed = try AESGCM(key: first).seal([9], associatedData: [])
        #expect(try AESGCM(key: second).open(sealed, associatedData: []) == [9])
    }

    @Test("a key file that the group or others may read is refused", arguments: [0o640, 0o644, 0o604, 0o660])
    func widePermissionsRefused(mode: Int) throws {
        let directory = try TemporaryDirectory()
        let keyFile = SecretKeyFile(path: directory.file("bridge.key"))
        _ = try keyFile.create()
        chmod(keyFile.path, mode_t(mode))

        let error = try #require(throws: CryptoError.self) { try keyFile.load() }

        #expect(error.reason == .insecureKeyFile)
        #expect(error.message.contains("chmod 600"))
    }

    @Test("a key file that does not hold a 32-byte key is refused")
    func malformedKeyRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("bridge.key")
        let attributes: [FileAttributeKey: Any] = [.posixPermissions: 0o600]
        _ = FileManager.default.createFile(atPath: path, contents: Data("not a key\n".utf8), attributes: attributes)

        let error = try #require(throws: CryptoError.self) { try SecretKeyFile(path: path).load() }

        #expect(error.reason == .malformedKeyFile)
    }

    @Test("SHA-256 matches the published test vector and comparison is exact")
    func digestAndComparison() throws {
        #expect(try Digest.sha256Hex(Array("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.constantTimeEquals(Array("token".utf8), Array("token".utf8)))
        #expect(!Digest.constantTimeEquals(Array("token".utf8), Array("tokeN".utf8)))
        #expect(!Digest.constantTimeEquals(Array("token".utf8), Array("token2".utf8)))
    }
}
