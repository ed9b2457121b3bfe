import Foundation

/// Removes a configuration's secrets (the token, and its Basic-auth encoding) from text the tracker sent
/// back, before that text reaches an error, a log line or a caller.
struct SecretRedactor: Sendable {
    static let replacement = "[redacted]"

    private let secrets: [String]

    init(personalAccessToken: String, username: String) {
        let basic = Data("\(username):\(personalAccessToken)".utf8).base64EncodedString()
        let bare = Data(":\(personalAccessToken)".utf8).base64EncodedString()
        let encoded = personalAccessToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        secrets = [personalAccessToken, basic, bare, encoded ?? ""]
            .filter { $0.count >= 4 }
            .sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: SecretRedactor.replacement) }
    }

    func redact(_ text: String?) -> String? {
        text.map { redact($0) }
    }
}
