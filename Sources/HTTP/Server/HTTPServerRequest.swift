/// One request as the server received it: the request line, the header fields and the whole body.
public struct HTTPServerRequest: Sendable {
    /// The method as sent, e.g. `GET`, `PATCH`.
    public let method: String
    /// The request target exactly as sent: the encoded path, optionally `?` and the query.
    public let target: String
    public let headers: HTTPHeaders
    public let body: [UInt8]
    public let versionMajor: Int
    public let versionMinor: Int
    /// The `StreamConnection` id the request arrived on, for logs.
    public let connectionID: Int

    public init(
        method: String, target: String, headers: HTTPHeaders, body: [UInt8],
        versionMajor: Int = 1, versionMinor: Int = 1, connectionID: Int = 0
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.connectionID = connectionID
    }

    /// The encoded path, without the query.
    public var rawPath: String {
        guard let question = target.firstIndex(of: "?") else { return target }
        return String(target[..<question])
    }

    /// The path with percent escapes decoded (`/a%20b` → `/a b`). An escaped `/` becomes a plain `/`,
    /// so routes that must keep such names apart use `pathSegments` instead.
    public var path: String { PercentDecoding.decode(rawPath, plusIsSpace: false) }

    /// The path split at `/` and then decoded, empty segments dropped: `/a/b%2Fc` → `["a", "b/c"]`.
    public var pathSegments: [String] {
        rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentDecoding.decode(String($0), plusIsSpace: false)
        }
    }

    /// The decoded query parameters in order (`+` means a space there).
    public var queryItems: [(name: String, value: String)] {
        guard let question = target.firstIndex(of: "?") else { return [] }
        let query = target[target.index(after: question)...]
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(String(parts[0]), plusIsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(String(parts[1]), plusIsSpace: true) : ""
            return (name: name, value: value)
        }
    }

    /// The first value of a query parameter; names compare case-insensitively, as ASP.NET-style servers do.
    public func queryValue(_ name: String) -> String? {
        let wanted = name.lowercased()
        return queryItems.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
