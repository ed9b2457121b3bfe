/// The params of `syncTickets` and `rotateWebhookToken`: `{configurationId}`.
struct ConfigurationIdParams: Decodable {
    var configurationId: String
}
