#if canImport(Glibc)
import Glibc
#endif

/// Where a listener accepts connections.
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// A Unix domain socket file created with the given permission bits (0600 by default in the server).
    case unix(path: String, mode: mode_t)
    /// A TCP address; `port` 0 lets the kernel pick one (see `StreamListener.boundPort`).
    case tcp(host: String, port: Int)

    public var description: String {
        switch self {
        case .unix(let path, _): "unix:\(path)"
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`, as given to `--listen`.
    public static func parseTCP(_ text: String) -> ListenAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return .tcp(host: host, port: port)
    }
}
