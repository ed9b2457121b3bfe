import CCurl
import Foundation

/// Why a request got no response. Keeps libcurl's code and message for the log.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The broad reason, which decides how a caller reacts (retry, tell the user to fix a setting, give up).
    public enum Kind: String, Sendable {
        /// The host name did not resolve.
        case dns
        /// The TCP connection could not be made; nothing was sent.
        case connect
        /// The TLS handshake or the certificate check failed.
        case tls
        /// The connect or total timeout passed.
        case timeout
        /// The caller cancelled the request.
        case cancelled
        /// The response body was longer than the request allowed.
        case tooLarge
        /// The URL or the scheme was refused, or the server broke the protocol.
        case `protocol`
        /// The connection broke after the request was (maybe partly) sent.
        case connectionLost
        /// Any other libcurl failure.
        case other
    }

    public let kind: Kind
    /// libcurl's `CURLcode`, or 0 when the error was found before libcurl ran.
    public let curlCode: Int32
    /// libcurl's description of the failure, without credentials.
    public let message: String
    /// The operating system's error (`ECONNREFUSED`…) behind the failure, or 0.
    public let systemErrno: Int32
    /// `host:port` of the request, for messages that tell the reader where it failed.
    public let endpoint: String

    public init(kind: Kind, curlCode: Int32 = 0, message: String, systemErrno: Int32 = 0, endpoint: String = "") {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.systemErrno = systemErrno
        self.endpoint = endpoint
    }

    /// The operating system's wording for `systemErrno`, e.g. "connection refused".
    public var systemReason: String? {
        guard systemErrno != 0, let text = strerror(systemErrno) else { return nil }
        return String(cString: text).lowercased()
    }

    public var description: String {
        var text = "HTTP \(kind.rawValue) error"
        if !endpoint.isEmpty { text += " for \(endpoint)" }
        text += ": \(message)"
        if curlCode != 0 { text += " (curl code \(curlCode))" }
        return text
    }

    /// Classifies a finished transfer's result code.
    static func kind(of code: CURLcode, bodyTooLarge: Bool) -> Kind {
        if bodyTooLarge { return .tooLarge }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_COULDNT_CONNECT:
            return .connect
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_TOO_MANY_REDIRECTS, CURLE_WEIRD_SERVER_REPLY,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING:
            return .protocol
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            return .other
        }
    }
}
