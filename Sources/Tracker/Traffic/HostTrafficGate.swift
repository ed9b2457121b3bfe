import EventLoop

/// Bounds how many requests run at once against each tracker host (default 8), queueing the rest in
/// arrival order, and remembers how long a host asked each caller to be left alone (`Retry-After`).
///
/// One gate is meant to be shared by every client of the process, so that two configurations pointing at
/// the same host share its budget. A pause is kept per host and caller (the credentials a client signs in
/// with), as trackers throttle per identity: one throttled token does not shut out the others. Loop-confined.
public final class HostTrafficGate {
    public static let defaultMaximumConcurrentRequestsPerHost = 8
    /// The longest pause a host can impose with one `Retry-After` (5 minutes). A longer ask would let one
    /// reply, forged or mistaken, shut every configuration out of the host until the process restarts.
    public static let maximumHoldOffMilliseconds: UInt64 = 300_000

    public let loop: EventLoop
    public let maximumConcurrentRequestsPerHost: Int
    private var hosts: [String: HostState] = [:]
    private var nextWaiterNumber = 0

    private struct Waiter {
        let number: Int
        let continuation: CheckedContinuation<Void, Error>
    }

    private struct HostState {
        var active = 0
        var waiters: [Waiter] = []
        /// Loop time before which no new request of each caller should start.
        var quietUntil: [Int: UInt64] = [:]
        var highestActive = 0
    }

    public init(
        loop: EventLoop,
        maximumConcurrentRequestsPerHost: Int = HostTrafficGate.defaultMaximumConcurrentRequestsPerHost
    ) {
        precondition(maximumConcurrentRequestsPerHost > 0, "a host needs room for at least one request")
        self.loop = loop
        self.maximumConcurrentRequestsPerHost = maximumConcurrentRequestsPerHost
    }

    /// Requests running against `host` now.
    public func activeRequests(host: String) -> Int {
        hosts[host]?.active ?? 0
    }

    /// The most requests that ever ran at once against `host`.
    public func highestConcurrency(host: String) -> Int {
        hosts[host]?.highestActive ?? 0
    }

    /// Waits for a free slot for `host`, in arrival order. Throws `CancellationError` if the task is
    /// cancelled while waiting. Every successful `enter` must be matched by one `leave`.
    func enter(host: String) async throws {
        if hosts[host, default: HostState()].active < maximumConcurrentRequestsPerHost,
           hosts[host]?.waiters.isEmpty ?? true
        {
            admit(host)
            return
        }
        nextWaiterNumber += 1
        let number = nextWaiterNumber
        let gate = LoopBoundReference(value: self)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                guard !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                hosts[host, default: HostState()].waiters.append(Waiter(number: number, continuation: continuation))
            }
        } onCancel: {
            loop.execute { gate.value.abandon(host: host, waiter: number) }
        }
    }

    /// Frees the slot taken by `enter`, handing it straight to the longest waiter if there is one.
    func leave(host: String) {
        guard var state = hosts[host], state.active > 0 else { return }
        if state.waiters.isEmpty {
            state.active -= 1
            hosts[host] = state
            return
        }
        let next = state.waiters.removeFirst()
        hosts[host] = state
        next.continuation.resume()
    }

    /// Asks that no new request of `caller` start against `host` for `milliseconds` from now, at most
    /// `maximumHoldOffMilliseconds`.
    func holdOff(host: String, caller: Int, milliseconds: Int) {
        let pause = min(UInt64(max(0, milliseconds)), HostTrafficGate.maximumHoldOffMilliseconds)
        let until = loop.nowMilliseconds + pause
        let earlier = hosts[host]?.quietUntil[caller] ?? 0
        hosts[host, default: HostState()].quietUntil[caller] = max(earlier, until)
    }

    /// How long a new request of `caller` against `host` should still wait, in milliseconds.
    func remainingHoldOff(host: String, caller: Int) -> UInt64 {
        let until = hosts[host]?.quietUntil[caller] ?? 0
        let now = loop.nowMilliseconds
        return until > now ? until - now : 0
    }

    private func admit(_ host: String) {
        hosts[host, default: HostState()].active += 1
        let active = hosts[host]!.active
        hosts[host]!.highestActive = max(hosts[host]!.highestActive, active)
    }

    private func abandon(host: String, waiter number: Int) {
        guard let index = hosts[host]?.waiters.firstIndex(where: { $0.number == number }) else { return }
        let waiter = hosts[host]!.waiters.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
