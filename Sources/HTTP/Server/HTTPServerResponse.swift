import Foundation

/// A response to send: status, header fields and body.
///
/// The server adds `Content-Length`, `Date` and, when the connection ends after this response,
/// `Connection: close`; a handler does not set those itself.
public struct HTTPServerResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is UTF-8 text of the given media type.
    public init(status: Int, contentType: String, text: String, headers: HTTPHeaders = [:]) {
        var headers = headers
        headers.replace(name: "Content-Type", value: contentType)
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The standard reason phrase, or a generic one for a code without a registered phrase.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status < 400 ? "Status \(status)" : "Error \(status)"
        }
    }

    /// The bytes on the wire. `includeBody` is false for answers to HEAD.
    func serialized(closing: Bool, includeBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPServerResponse.reasonPhrase(for: status))\r\n"
        for field in headers where !HTTPServerResponse.managedFields.contains(field.name.lowercased()) {
            head += "\(field.name): \(HTTPServerResponse.withoutLineBreaks(field.value))\r\n"
        }
        head += "Date: \(HTTPServerResponse.httpDate())\r\n"
        if HTTPServerResponse.statusAllowsBody(status) {
            head += "Content-Length: \(body.count)\r\n"
        }
        if closing { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if includeBody && HTTPServerResponse.statusAllowsBody(status) { bytes.append(contentsOf: body) }
        return bytes
    }

    /// Fields the server writes itself; a handler's copies are ignored so the framing stays consistent.
    static let managedFields: Set = ["content-length", "transfer-encoding", "connection", "date"]

    static func statusAllowsBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    /// Header values never carry CR or LF: a value that did would split the response.
    private static func withoutLineBreaks(_ value: String) -> String {
        guard value.contains(where: { $0 == "\r" || $0 == "\n" }) else { return value }
        return value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// The current time in the IMF-fixdate form HTTP uses (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
