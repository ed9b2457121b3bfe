import CCrypto

/// A failed cryptographic operation or key-file check. The message says what happened and what to do; it
/// never contains key material or plaintext.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is, for callers that react differently to each.
    public enum Reason: Sendable, Equatable {
        /// The ciphertext was altered, belongs to another record, or was sealed with another key.
        case authenticationFailed
        /// The key file's permissions let someone other than its owner read it.
        case insecureKeyFile
        /// The key file is not a key this program wrote.
        case malformedKeyFile
        /// The key file could not be read or written.
        case keyFileUnavailable
        /// OpenSSL reported an error.
        case library
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// An OpenSSL failure, with the library's own reason text appended.
    static func library(_ operation: String) -> CryptoError {
        let code = ERR_get_error()
        var text = "OpenSSL \(operation) failed"
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            text += ": " + String(cString: buffer)
        }
        return CryptoError(.library, text)
    }
}
