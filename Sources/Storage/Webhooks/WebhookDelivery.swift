/// The identity of one service-hook delivery: the tracker repeats a delivery with the same ids.
public struct WebhookDelivery: Sendable, Hashable {
    public var configurationId: String
    public var subscriptionId: String
    public var notificationId: String

    public init(configurationId: String, subscriptionId: String, notificationId: String) {
        self.configurationId = configurationId
        self.subscriptionId = subscriptionId
        self.notificationId = notificationId
    }
}
