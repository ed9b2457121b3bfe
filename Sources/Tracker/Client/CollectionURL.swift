import Foundation

/// A checked tracker collection URL (`http` or `https`, a host, no credentials, query or fragment), and the
/// builder of every route under it with names percent-encoded as the tracker expects (`%20`, never `+`).
struct CollectionURL: Sendable, Equatable {
    /// The URL without a trailing slash, e.g. `https://dev.azure.com/org`.
    let base: String
    /// `host:port`, for messages and for the per-host request bound.
    let endpoint: String

    init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw TrackerError(
                status: .invalidArgument,
                message: "the host \(trimmed.debugDescription) is not a URL: give the collection URL, "
                    + "e.g. https://dev.azure.com/org"
            )
        }
        guard scheme == "http" || scheme == "https" else {
            throw TrackerError(
                status: .invalidArgument,
                message: "the host must be an http or https URL, not \(scheme)://: give the collection URL"
            )
        }
        guard let host = components.host, !host.isEmpty else {
            throw TrackerError(
                status: .invalidArgument, message: "the host URL has no host name: give the collection URL"
            )
        }
        guard components.user == nil, components.password == nil else {
            throw TrackerError(
                status: .invalidArgument,
                message: "the host URL must not carry credentials: put the token in personalAccessToken"
            )
        }
        guard components.query == nil, components.fragment == nil else {
            throw TrackerError(
                status: .invalidArgument,
                message: "the host URL must not have a query or fragment: give the collection URL"
            )
        }
        var base = trimmed
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        endpoint = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `base/segment/segment?name=value`, each segment and value percent-encoded. A segment given as
    /// `.literal` is used as is (route words such as `_apis`, which need no encoding).
    func url(_ segments: [RouteSegment], query: [(String, String)] = []) -> String {
        var url = base
        for segment in segments {
            url += "/"
            switch segment {
            case .literal(let text): url += text
            case .name(let name) where name == "." || name == "..":
                // Dots alone would be read as a path step; encoded, they stay a name.
                url += String(repeating: "%2E", count: name.count)
            case .name(let name): url += CollectionURL.percentEncoded(name)
            }
        }
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(CollectionURL.percentEncoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    /// Percent-encodes everything outside RFC 3986's unreserved set, so spaces become `%20`.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
