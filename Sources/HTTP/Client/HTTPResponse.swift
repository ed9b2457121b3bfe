/// What the server answered to an `HTTPRequest`.
public struct HTTPResponse: Sendable {
    /// The status of the last response (after redirects, when they were followed).
    public var status: Int
    /// The header fields of the last response.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The URL the last response came from.
    public var effectiveURL: String
    /// Where a 3xx response points, resolved against the request URL; nil for other responses.
    public var redirectLocation: String?

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], effectiveURL: String, redirectLocation: String?) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.redirectLocation = redirectLocation
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
