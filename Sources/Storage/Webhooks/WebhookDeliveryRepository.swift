import Foundation
import SQLite

/// Webhook deliveries already handled, so a repeated delivery changes nothing.
///
/// Call `record` inside the same `Database.write` that applies the delivery: if applying fails, the record
/// rolls back with it and the tracker's retry is applied instead of being taken for a duplicate.
public struct WebhookDeliveryRepository {
    let database: Database

    private var connection: Connection { database.connection }

    /// Records a delivery with its outcome (e.g. "applied", "stale", "ignored").
    /// - Returns: false when the same delivery was recorded before (a duplicate); nothing is changed then.
    @discardableResult
    public func record(_ delivery: WebhookDelivery, outcome: String, now: Date = Date()) throws -> Bool {
        try database.write("recording a webhook delivery") {
            try connection.run(
                """
                INSERT INTO webhook_deliveries
                    (configuration_id, subscription_id, notification_id, outcome, received_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
                [
                    delivery.configurationId, delivery.subscriptionId, delivery.notificationId, outcome,
                    Timestamp.milliseconds(now),
                ]
            )
            return connection.changes == 1
        }
    }

    /// The recorded outcome of a delivery, or nil when it was never seen.
    public func outcome(of delivery: WebhookDelivery) throws -> String? {
        try database.read("reading a webhook delivery") {
            try connection.queryFirst(
                """
                SELECT outcome FROM webhook_deliveries
                WHERE configuration_id = ? AND subscription_id = ? AND notification_id = ?
                """,
                [delivery.configurationId, delivery.subscriptionId, delivery.notificationId]
            )?.string(0)
        }
    }

    /// Forgets deliveries received before `cutoff` (the tracker stops retrying long before); returns how many.
    @discardableResult
    public func prune(receivedBefore cutoff: Date) throws -> Int {
        try database.write("pruning webhook deliveries") {
            try connection.run(
                "DELETE FROM webhook_deliveries WHERE received_at < ?", [Timestamp.milliseconds(cutoff)]
            )
            return connection.changes
        }
    }
}
