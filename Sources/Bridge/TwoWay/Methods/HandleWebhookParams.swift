import JSON

/// `handleWebhook {configurationId, token, payload}`: a service-hook delivery handed over by RPC, e.g. by a
/// proxy that receives the tracker's POST itself.
struct HandleWebhookParams: Decodable {
    var configurationId: String
    /// The token of the configuration's webhook URL (its last path segment).
    var token: String
    /// The service-hook JSON body: the object itself, or its text.
    var payload: JSONValue
}
