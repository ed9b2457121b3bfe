import JSON

/// One `rpc.progress` notification the server sent for a long call.
public struct ProgressNotification: Sendable {
    public let progressToken: JSONValue
    public let progress: Double
    public let total: Double?
    public let message: String?
    /// The notification's params as sent.
    public let params: JSONValue

    init?(_ notification: JSONValue) {
        guard notification["method"]?.stringValue == "rpc.progress", let params = notification["params"],
              let token = params["progressToken"], let progress = params["progress"]?.doubleValue else {
            return nil
        }
        progressToken = token
        self.progress = progress
        total = params["total"]?.doubleValue
        message = params["message"]?.stringValue
        self.params = params
    }
}
