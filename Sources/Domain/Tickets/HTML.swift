import Foundation

/// The pieces of HTML that go into `System.Description`.
///
/// The tracker renders the field as HTML and ignores plain line breaks, so every value from a finding is
/// escaped here and its line breaks become `<br>`. Nothing from a finding ever reaches the HTML unescaped.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe inside an element and inside a quoted attribute.
    /// Control characters other than tab and line breaks are dropped; line breaks become `<br>`.
    static func text(_ text: String) -> String {
        var html = ""
        html.reserveCapacity(text.utf8.count)
        var afterCarriageReturn = false

        for scalar in text.unicodeScalars {
            // "\r\n" is one line break, as is a lone "\r" or "\n".
            if scalar == "\n" && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = scalar == "\r"

            switch scalar {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            case "\n", "\r": html += "<br>"
            case "\t": html.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory != .control {
                    html.unicodeScalars.append(scalar)
                }
            }
        }
        return html
    }

    /// A link to `url` when it is an absolute `http` or `https` URL with a host; otherwise the escaped text,
    /// so that `javascript:` and other schemes never become clickable.
    static func link(_ url: String) -> String {
        guard isWebURL(url) else { return text(url) }
        let escaped = text(url)
        return "<a href=\"\(escaped)\">\(escaped)</a>"
    }

    /// Whether `url` is an absolute `http(s)` URL with a host and nothing that would break out of an attribute.
    static func isWebURL(_ url: String) -> Bool {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return false }
        return !url.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
