/// One outbound HTTP request: what to send, and the limits it runs under.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public static let defaultConnectTimeoutMilliseconds: UInt64 = 10_000
    public static let defaultTotalTimeoutMilliseconds: UInt64 = 60_000
    public static let defaultMaximumResponseBytes = 32 * 1024 * 1024
    public static let defaultMaximumRedirects = 5

    public var method: String
    /// An absolute `http` or `https` URL. Other schemes are refused before anything is sent.
    public var url: String
    public var headers: HTTPHeaders
    /// Sent as is; nil sends no body.
    public var body: [UInt8]?
    /// Sent with Basic authentication, and never to another host on a redirect.
    public var credentials: HTTPBasicCredentials?
    public var connectTimeoutMilliseconds: UInt64
    /// The whole exchange, from connecting to the last byte of the response.
    public var totalTimeoutMilliseconds: UInt64
    /// A response body longer than this fails the request with `HTTPError.Kind.tooLarge`.
    public var maximumResponseBytes: Int
    /// Off by default: the caller sees a 3xx with `HTTPResponse.redirectLocation` and decides.
    public var followRedirects: Bool
    public var maximumRedirects: Int
    public var tls: HTTPTLSOptions
    /// Sends the request on a new connection and closes it afterwards. For requests that must not be sent
    /// twice: on a reused connection that the server closed before replying, libcurl resends the request
    /// by itself.
    public var sendOnce: Bool

    public init(
        method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil,
        credentials: HTTPBasicCredentials? = nil,
        connectTimeoutMilliseconds: UInt64 = HTTPRequest.defaultConnectTimeoutMilliseconds,
        totalTimeoutMilliseconds: UInt64 = HTTPRequest.defaultTotalTimeoutMilliseconds,
        maximumResponseBytes: Int = HTTPRequest.defaultMaximumResponseBytes,
        followRedirects: Bool = false, maximumRedirects: Int = HTTPRequest.defaultMaximumRedirects,
        tls: HTTPTLSOptions = HTTPTLSOptions(), sendOnce: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.credentials = credentials
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.maximumResponseBytes = maximumResponseBytes
        self.followRedirects = followRedirects
        self.maximumRedirects = maximumRedirects
        self.tls = tls
        self.sendOnce = sendOnce
    }

    /// Method and URL only: headers may carry secrets and bodies may be large.
    public var description: String { "\(method) \(url)" }
}
