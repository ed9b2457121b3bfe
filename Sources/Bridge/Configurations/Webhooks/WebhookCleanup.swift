import Domain
import JSON

/// What `deleteConfiguration` tells the administrator about the service hook left in the tracker: the
/// service cannot remove it (it holds no right to manage subscriptions), and deliveries to it are refused
/// from now on.
struct WebhookCleanup {
    let required: Bool
    /// The start of the webhook URL, up to the configuration id; the token is not repeated.
    let url: String?
    let instructions: String

    init(configuration: Configuration, webhooks: WebhookAddress) {
        required = configuration.twoWay.enabled
        guard required else {
            url = nil
            instructions = "two-way integration was off: no service hook points at this configuration, "
                + "nothing to remove in the tracker"
            return
        }
        let prefix = webhooks.prefix(configurationId: configuration.id)
        url = webhooks.base == nil ? nil : prefix
        instructions = "remove the service hook by hand: in Azure DevOps open Project settings > Service hooks "
            + "in each project that sends events here and delete every Web Hooks subscription whose URL "
            + (webhooks.base == nil ? "contains \(prefix)" : "starts with \(prefix)")
            + "; until then the tracker keeps delivering and tracker-bridge refuses every delivery"
    }

    var json: JSONValue {
        var object = JSONObject()
        object.append(key: "required", value: .bool(required))
        if let url { object.append(key: "url", value: .string(url)) }
        object.append(key: "instructions", value: .string(instructions))
        return .object(object)
    }
}
