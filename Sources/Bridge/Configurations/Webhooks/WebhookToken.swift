import Crypto
import Foundation

/// The secret in a configuration's webhook URL: 256 random bits, URL-safe base64 without padding.
enum WebhookToken {
    static let randomByteCount = 32

    static func generate() throws -> String {
        let bytes = try SecureRandom.bytes(count: randomByteCount)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
