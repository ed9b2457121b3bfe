import JSON

/// One event sent (or meant to be sent) to one subscription, with every attempt made. Loop-confined.
final class HookNotification {
    /// Where the notification stands.
    enum Outcome: String {
        case pending, delivered, retrying, held, dropped, failed
    }

    /// One try to deliver it.
    struct Attempt {
        let atMilliseconds: UInt64
        /// The HTTP status the receiver answered, or 0 when no answer came.
        let status: Int
        let error: String?
    }

    let notificationID: Int
    let subscription: HookSubscription
    let eventType: String
    let workItemID: Int
    let rev: Int
    let payload: JSONValue
    /// Set on a copy sent because the admin API asked for duplicates.
    let isDuplicate: Bool
    var outcome = Outcome.pending
    var attempts: [Attempt] = []
    var reason: String?

    init(notificationID: Int, subscription: HookSubscription, eventType: String, workItemID: Int, rev: Int,
         payload: JSONValue, isDuplicate: Bool = false) {
        self.notificationID = notificationID
        self.subscription = subscription
        self.eventType = eventType
        self.workItemID = workItemID
        self.rev = rev
        self.payload = payload
        self.isDuplicate = isDuplicate
    }

    func duplicate() -> HookNotification {
        HookNotification(notificationID: notificationID, subscription: subscription, eventType: eventType,
                         workItemID: workItemID, rev: rev, payload: payload, isDuplicate: true)
    }

    func json(includePayload: Bool) -> JSONValue {
        var object: JSONObject = [
            "notificationId": .number(JSONNumber(notificationID)),
            "subscriptionId": .string(subscription.id),
            "eventType": .string(eventType),
            "workItemId": .number(JSONNumber(workItemID)),
            "rev": .number(JSONNumber(rev)),
            "duplicate": .bool(isDuplicate),
            "outcome": .string(outcome.rawValue),
            "attempts": .array(attempts.map {
                [
                    "atMs": .number(JSONNumber($0.atMilliseconds)),
                    "status": .number(JSONNumber($0.status)),
                    "error": $0.error.map { .string($0) } ?? .null,
                ]
            }),
        ]
        if let reason { object["reason"] = .string(reason) }
        if includePayload { object["payload"] = payload }
        return .object(object)
    }
}
