import Domain
import JSON
import Tracker

/// The params of `testConnection`: a saved configuration, or the connection settings of one not saved yet.
struct TestConnectionRequest {
    enum Target {
        case saved(configurationId: String)
        case unsaved(AzureDevOpsConnection)
    }

    static let connectionMembers = ["host", "personalAccessToken", "username", "apiVersion", "tls"]

    let target: Target

    /// - Throws: `RPCError` INVALID_ARGUMENT naming each bad field.
    init(_ params: JSONValue) throws {
        let reader = ParamsReader(params)
        let summary = "the connection was not tested"
        if reader.contains("configurationId") {
            let id = reader.string("configurationId", required: true, maxLength: ConfigureRequest.maximumIDLength)
            for key in TestConnectionRequest.connectionMembers where reader.contains(key) {
                _ = reader.raw(key)
                reader.violation(key, "cannot be given with configurationId: test a saved configuration or "
                    + "unsaved settings, not both")
            }
            reader.rejectUnknownMembers()
            try reader.report.throwIfAny(summary)
            target = .saved(configurationId: id.given ?? "")
            return
        }

        let connection = ConnectionParams(reading: reader, hostRequired: true, tokenRequired: true)
        reader.rejectUnknownMembers()
        if reader.report.violations.contains(where: { $0.field == "host" && $0.description == "is required" }) {
            reader.report.add("configurationId", "is required unless host and personalAccessToken are given")
        }
        try reader.report.throwIfAny(summary)

        var tls = TLSSettings()
        connection.tls.given?.apply(to: &tls)
        target = .unsaved(AzureDevOpsConnection(
            host: connection.host.given ?? "", personalAccessToken: connection.personalAccessToken.given ?? "",
            username: connection.username.given,
            apiVersion: connection.apiVersion.given ?? Configuration.defaultAPIVersion, tls: tls
        ))
    }
}
