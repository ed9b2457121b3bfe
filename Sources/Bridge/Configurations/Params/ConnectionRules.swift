import Foundation

/// The checks shared by `configure` and `testConnection` for the way to the tracker: the collection URL,
/// the token, the Basic-auth username and the REST API version. Each returns what is wrong, or nil.
enum ConnectionRules {
    static let maximumHostLength = 2_048
    static let maximumTokenLength = 1_024
    static let maximumUsernameLength = 256
    static let maximumAPIVersionLength = 32

    /// An absolute `http` or `https` URL with a host name, without credentials, query or fragment.
    static func hostProblem(_ host: String) -> String? {
        guard let components = URLComponents(string: host), let scheme = components.scheme?.lowercased() else {
            return "must be an absolute http or https URL such as https://dev.azure.com/org"
        }
        guard scheme == "http" || scheme == "https" else {
            return "must use http or https, not \(scheme)"
        }
        guard let name = components.host, !name.isEmpty else {
            return "must name a host, as in https://dev.azure.com/org"
        }
        guard components.user == nil, components.password == nil else {
            return "must not carry credentials: give the token as personalAccessToken"
        }
        guard components.query == nil, components.fragment == nil else {
            return "must be the collection URL, without a query or fragment"
        }
        return nil
    }

    /// Whether two collection URLs lead to the same tracker: the same scheme, host and port (a missing
    /// port is the scheme's default) and the same path, ignoring letter case in scheme and host and a
    /// trailing slash. A URL that does not parse is never the same as another.
    static func sameTracker(_ first: String, _ second: String) -> Bool {
        guard let one = TrackerAddress(first), let other = TrackerAddress(second) else { return false }
        return one == other
    }

    /// A token is sent in a header: no white space inside it.
    static func tokenProblem(_ token: String) -> String? {
        token.contains(where: \.isWhitespace) ? "must not contain spaces or line breaks: paste the token again" : nil
    }

    /// Basic auth separates the username from the token with a colon.
    static func usernameProblem(_ username: String) -> String? {
        username.contains(":") ? "must not contain a colon" : nil
    }

    /// `MAJOR.MINOR`, optionally `-preview` or `-preview.N`, e.g. `2.0`, `5.1`, `7.1-preview.3`.
    static func apiVersionProblem(_ version: String) -> String? {
        let parts = version.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let numeric = numbers.count == 2 && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        let suffixValid = parts.count == 1 || parts[1] == "preview"
            || (parts[1].hasPrefix("preview.") && parts[1].dropFirst("preview.".count).allSatisfy(\.isASCIIDigit)
                && parts[1].count > "preview.".count)
        guard numeric, suffixValid, (Int(numbers[0]) ?? 0) >= 1 else {
            return "must look like 2.0, 5.1 or 7.1-preview.3"
        }
        return nil
    }
}

/// The parts of a collection URL that decide where a request, and the token with it, goes.
private struct TrackerAddress: Equatable {
    let scheme: String
    let host: String
    let port: Int
    let path: String

    init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        let defaultPort: Int
        switch scheme {
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return nil
        }
        self.scheme = scheme
        self.host = host
        port = components.port ?? defaultPort
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.path = path
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
