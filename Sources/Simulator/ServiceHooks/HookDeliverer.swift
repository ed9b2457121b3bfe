import EventLoop
import Foundation
import HTTP
import JSON
import Logging

/// Sends service-hook notifications to their subscriptions' URLs with the HTTP client, the way the real
/// service does: one at a time per subscription, retrying 408/502/503/504 and unreachable receivers up to
/// eight times with doubling waits; any other failure puts the subscription on probation, where only the
/// failed notification is retried and new events are dropped; 410 disables it. Loop-confined.
///
/// Waits are scaled down: the first retry comes after `retryMilliseconds`, probation retries after four
/// times that, both doubling.
final class HookDeliverer {
    static let maximumTransientAttempts = 8
    static let maximumProbationAttempts = 5
    static let transientStatuses: Set = [408, 502, 503, 504]
    /// How long one delivery may take before it counts as failed.
    static let deliveryTimeoutMilliseconds: UInt64 = 10_000

    private let loop: EventLoop
    private let collection: TrackerCollection
    private let logger: Logger
    var retryMilliseconds: UInt64
    var collectionURL = ""
    private(set) var subscriptions: [HookSubscription] = []
    private(set) var notifications: [HookNotification] = []
    var behaviour = DeliveryBehaviour()
    private var queues: [String: [HookNotification]] = [:]
    private var sending: Set<String> = []
    private var held: [HookNotification] = []
    private var nextNotificationID = 1
    private var client: HTTPClient?
    private var timers: [LoopTimer] = []

    init(loop: EventLoop, collection: TrackerCollection, retryMilliseconds: UInt64, logger: Logger) {
        self.loop = loop
        self.collection = collection
        self.retryMilliseconds = retryMilliseconds
        self.logger = logger
    }

    func close() {
        for timer in timers { timer.close() }
        timers = []
        client?.close()
        client = nil
        queues = [:]
    }

    // MARK: Subscriptions

    func add(_ subscription: HookSubscription) {
        subscriptions.append(subscription)
    }

    func subscription(_ id: String) -> HookSubscription? {
        subscriptions.first { $0.id.lowercased() == id.lowercased() }
    }

    func remove(_ id: String) -> Bool {
        guard let subscription = subscription(id) else { return false }
        subscriptions.removeAll { $0 === subscription }
        queues[subscription.id] = nil
        return true
    }

    /// Forgets deliveries and behaviours; with `subscriptionsToo`, the subscriptions as well.
    func reset(subscriptionsToo: Bool) {
        notifications = []
        held = []
        behaviour = DeliveryBehaviour()
        queues = [:]
        sending = []
        if subscriptionsToo { subscriptions = [] }
        for subscription in subscriptions {
            subscription.status = .enabled
            subscription.probationAttempts = 0
        }
    }

    /// Puts a subscription on probation (new events dropped) or takes it off.
    func setProbation(_ id: String, onProbation: Bool) -> Bool {
        guard let subscription = subscription(id) else { return false }
        subscription.status = onProbation ? .onProbation : .enabled
        subscription.probationAttempts = 0
        if !onProbation { pump(subscription) }
        return true
    }

    /// Sends every held notification now, after whatever is already queued: they arrive out of order.
    func releaseHeld() -> Int {
        let released = held
        held = []
        for notification in released {
            notification.outcome = .pending
            enqueue(notification)
        }
        return released.count
    }

    // MARK: Publishing

    /// Called for every work item change: builds one notification per interested subscription.
    func publish(_ event: WorkItemEvent) {
        var changed: [String] = []
        if case .updated(let item, let previous) = event {
            changed = HookPayload.changes(from: previous, to: item.latest)
        }
        for subscription in subscriptions where subscription.accepts(event, changedFields: changed) {
            guard subscription.status == .enabled || subscription.status == .onProbation else { continue }
            let notification = makeNotification(event, subscription: subscription)
            notifications.append(notification)
            route(notification)
        }
    }

    private func makeNotification(_ event: WorkItemEvent, subscription: HookSubscription) -> HookNotification {
        let id = nextNotificationID
        nextNotificationID += 1
        let payload = HookPayload(collectionURL: collectionURL, collection: collection,
                                  resourceVersion: subscription.resourceVersion)
        return HookNotification(
            notificationID: id, subscription: subscription, eventType: event.eventType,
            workItemID: event.workItem.id, rev: event.workItem.rev,
            payload: payload.envelope(for: event, subscriptionID: subscription.id, notificationID: id)
        )
    }

    /// Applies probation and the requested misbehaviour, then queues what is to be sent.
    private func route(_ notification: HookNotification) {
        if notification.subscription.status == .onProbation {
            notification.outcome = .dropped
            notification.reason = "subscription on probation"
            return
        }
        if behaviour.drop > 0 {
            behaviour.drop -= 1
            notification.outcome = .dropped
            notification.reason = "dropped on request"
            return
        }
        if behaviour.hold > 0 {
            behaviour.hold -= 1
            notification.outcome = .held
            held.append(notification)
            return
        }
        enqueue(notification)
        if behaviour.duplicate > 0 {
            behaviour.duplicate -= 1
            let copy = notification.duplicate()
            notifications.append(copy)
            enqueue(copy)
        }
    }

    private func enqueue(_ notification: HookNotification) {
        queues[notification.subscription.id, default: []].append(notification)
        pump(notification.subscription)
    }

    // MARK: Sending

    private func pump(_ subscription: HookSubscription) {
        guard !sending.contains(subscription.id), let next = queues[subscription.id]?.first else { return }
        sending.insert(subscription.id)
        send(next)
    }

    private func send(_ notification: HookNotification) {
        let subscription = notification.subscription
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in subscription.httpHeaders { headers.add(name: name, value: value) }
        let credentials = subscription.basicAuthUsername.map {
            HTTPBasicCredentials(username: $0, password: subscription.basicAuthPassword ?? "")
        }
        let request = HTTPRequest(
            method: "POST", url: subscription.url, headers: headers, body: JSONWriter.bytes(notification.payload),
            credentials: credentials, totalTimeoutMilliseconds: HookDeliverer.deliveryTimeoutMilliseconds
        )
        let client = self.client ?? HTTPClient(loop: loop, logger: logger)
        self.client = client
        client.send(request) { [weak self] result in
            self?.finished(notification, result)
        }
    }

    private func finished(_ notification: HookNotification, _ result: Result<HTTPResponse, HTTPError>) {
        let subscription = notification.subscription
        let status: Int
        var failure: String?
        switch result {
        case .success(let response): status = response.status
        case .failure(let error):
            status = 0
            failure = error.message
        }
        notification.attempts.append(.init(atMilliseconds: loop.nowMilliseconds, status: status, error: failure))
        let level: LogLevel = (200..<300).contains(status) ? .info : .warning
        logger.log(level, (200..<300).contains(status) ? "service hook delivered" : "service hook delivery failed", [
            "hook.subscription": subscription.id, "hook.notification": notification.notificationID,
            "hook.event": notification.eventType, "hook.attempt": notification.attempts.count,
            "http.status": status, "error": failure ?? "",
        ])

        if (200..<300).contains(status) {
            notification.outcome = .delivered
            subscription.status = .enabled
            subscription.probationAttempts = 0
            advance(subscription)
        } else if status == 410 {
            notification.outcome = .failed
            notification.reason = "the receiver answered 410 Gone: subscription disabled"
            subscription.status = .disabledBySystem
            dropQueue(of: subscription, reason: "subscription disabled")
        } else if subscription.status == .onProbation {
            retryOnProbation(notification)
        } else if status == 0 || HookDeliverer.transientStatuses.contains(status) {
            retryTransient(notification)
        } else {
            subscription.status = .onProbation
            retryOnProbation(notification)
        }
    }

    private func retryTransient(_ notification: HookNotification) {
        guard notification.attempts.count < HookDeliverer.maximumTransientAttempts else {
            notification.subscription.status = .onProbation
            retryOnProbation(notification)
            return
        }
        notification.outcome = .retrying
        schedule(notification, after: retryMilliseconds << UInt64(notification.attempts.count - 1))
    }

    private func retryOnProbation(_ notification: HookNotification) {
        let subscription = notification.subscription
        guard subscription.probationAttempts < HookDeliverer.maximumProbationAttempts else {
            notification.outcome = .failed
            notification.reason = "still failing after probation: subscription disabled"
            subscription.status = .disabledBySystem
            dropQueue(of: subscription, reason: "subscription disabled")
            return
        }
        notification.outcome = .retrying
        subscription.probationAttempts += 1
        // Events that arrived before probation began stay queued behind the failed one; new ones are dropped.
        schedule(notification, after: retryMilliseconds * 4 << UInt64(subscription.probationAttempts - 1))
    }

    private func schedule(_ notification: HookNotification, after milliseconds: UInt64) {
        let timer = LoopTimer(loop: loop)
        timers.append(timer)
        timer.start(afterMilliseconds: milliseconds) { [weak self, weak timer] in
            guard let self, let timer else { return }
            timers.removeAll { $0 === timer }
            timer.close()
            guard queues[notification.subscription.id]?.first === notification else { return }
            send(notification)
        }
    }

    private func advance(_ subscription: HookSubscription) {
        queues[subscription.id]?.removeFirst()
        sending.remove(subscription.id)
        pump(subscription)
    }

    private func dropQueue(of subscription: HookSubscription, reason: String) {
        for notification in (queues[subscription.id] ?? []).dropFirst() {
            notification.outcome = .dropped
            notification.reason = reason
        }
        queues[subscription.id] = nil
        sending.remove(subscription.id)
    }
}
