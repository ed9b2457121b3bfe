import Foundation
import JSON

extension TrackerService {
    /// `GET _apis/hooks/subscriptions`.
    func listSubscriptions(_ request: TrackerRequest) -> TrackerReply {
        let values = hooks.subscriptions.map { $0.json(collectionURL: collectionURL, createdBy: request.user) }
        return .json(TrackerRendering.list(values))
    }

    /// `POST _apis/hooks/subscriptions` with the Web Hooks consumer.
    func createSubscription(_ request: TrackerRequest) throws -> TrackerReply {
        let subscription = try HookSubscription.parse(try request.jsonBody(), id: UUIDText.random())
        hooks.add(subscription)
        return .json(subscription.json(collectionURL: collectionURL, createdBy: request.user))
    }

    func readSubscription(_ id: String, _ request: TrackerRequest) throws -> TrackerReply {
        guard let subscription = hooks.subscription(id) else { throw TrackerError.subscriptionNotFound(id) }
        return .json(subscription.json(collectionURL: collectionURL, createdBy: request.user))
    }

    func deleteSubscription(_ id: String, _ request: TrackerRequest) throws -> TrackerReply {
        guard hooks.remove(id) else { throw TrackerError.subscriptionNotFound(id) }
        return TrackerReply(status: 204, body: nil)
    }
}
