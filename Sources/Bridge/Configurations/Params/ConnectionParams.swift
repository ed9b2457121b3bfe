import Domain

/// The way to the tracker as `configure` and `testConnection` take it: host, token, username, API version
/// and TLS settings, each checked by `ConnectionRules`.
struct ConnectionParams {
    var host: FieldValue<String>
    var personalAccessToken: FieldValue<String>
    var username: FieldValue<String>
    var apiVersion: FieldValue<String>
    var tls: FieldValue<TLSParams>

    init(reading reader: ParamsReader, hostRequired: Bool, tokenRequired: Bool) {
        host = reader.string("host", required: hostRequired, maxLength: ConnectionRules.maximumHostLength)
        if case .null = host { reader.violation("host", "must not be null") }
        host = ConnectionParams.checked(host, reader: reader, key: "host", rule: ConnectionRules.hostProblem)

        personalAccessToken = reader.string(
            "personalAccessToken", required: tokenRequired, maxLength: ConnectionRules.maximumTokenLength
        )
        if case .null = personalAccessToken {
            reader.violation("personalAccessToken", "must not be null: leave it out to keep the stored token")
            personalAccessToken = .absent
        }
        personalAccessToken = ConnectionParams.checked(
            personalAccessToken, reader: reader, key: "personalAccessToken", rule: ConnectionRules.tokenProblem
        )

        username = reader.string("username", maxLength: ConnectionRules.maximumUsernameLength)
        username = ConnectionParams.checked(
            username, reader: reader, key: "username", rule: ConnectionRules.usernameProblem
        )
        apiVersion = reader.string("apiVersion", maxLength: ConnectionRules.maximumAPIVersionLength)
        apiVersion = ConnectionParams.checked(
            apiVersion, reader: reader, key: "apiVersion", rule: ConnectionRules.apiVersionProblem
        )
        tls = reader.object("tls").map(TLSParams.init(reading:))
    }

    private static func checked(
        _ member: FieldValue<String>, reader: ParamsReader, key: String, rule: (String) -> String?
    ) -> FieldValue<String> {
        guard let text = member.given, let problem = rule(text) else { return member }
        reader.violation(key, problem)
        return .absent
    }
}
