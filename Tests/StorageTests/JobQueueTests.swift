import Foundation
import Storage
import Testing

@Suite("Job queue")
struct JobQueueTests {
    let fixture: StoreFixture
    var jobs: JobQueue { fixture.store.jobs }
    let noJitter = RetryPolicy(maxAttempts: 3, baseDelay: 10, maxDelay: 3600, jitter: 0)

    init() throws {
        fixture = try StoreFixture()
    }

    @Test("a job with a unique key is queued only once")
    func uniqueKeyDeduplicates() throws {
        let first = try jobs.enqueue(kind: "autoTicket", payload: "{\"v\":1}", uniqueKey: "auto:cfg-1:v1")
        let second = try jobs.enqueue(kind: "autoTicket", payload: "{\"v\":2}", uniqueKey: "auto:cfg-1:v1")

        #expect(first.inserted)
        #expect(!second.inserted)
        #expect(second.job.id == first.job.id)
        #expect(second.job.payload == "{\"v\":1}")
        #expect(try jobs.counts()[.queued] == 1)
    }

    @Test("a job is not leased before its run time, and the longest-due job goes first")
    func leasesInDueOrder() throws {
        try jobs.enqueue(kind: "k", payload: "later", runAt: referenceDate.addingTimeInterval(60), now: referenceDate)
        try jobs.enqueue(kind: "k", payload: "now", now: referenceDate)

        let first = try #require(try jobs.leaseNext(leaseDuration: 30, now: referenceDate))
        let nothingDue = try jobs.leaseNext(leaseDuration: 30, now: referenceDate)
        try jobs.complete(first)
        let second = try jobs.leaseNext(leaseDuration: 30, now: referenceDate.addingTimeInterval(60))

        #expect(first.payload == "now")
        #expect(first.attempts == 1)
        #expect(first.state == .leased)
        #expect(nothingDue == nil)
        #expect(second?.payload == "later")
    }

    @Test("a lease that expires makes the job runnable again, and the old lease can no longer complete it")
    func expiredLeaseIsRetried() throws {
        try jobs.enqueue(kind: "k", payload: "{}", now: referenceDate)
        let firstLease = try #require(try jobs.leaseNext(leaseDuration: 30, now: referenceDate))

        #expect(try jobs.leaseNext(leaseDuration: 30, now: referenceDate.addingTimeInterval(29)) == nil)
        let secondLease = try #require(try jobs.leaseNext(leaseDuration: 30, now: referenceDate.addingTimeInterval(30)))

        #expect(secondLease.id == firstLease.id)
        #expect(secondLease.attempts == 2)
        #expect(secondLease.leaseToken != firstLease.leaseToken)
        #expect(try !jobs.complete(firstLease))
        #expect(try jobs.fail(firstLease, error: "late") == nil)
        #expect(try jobs.complete(secondLease))
        #expect(try jobs.get(firstLease.id)?.state == .succeeded)
    }

    @Test("failed jobs are retried with exponential backoff, then kept as dead with their last error")
    func backoffThenDead() throws {
        try jobs.enqueue(kind: "k", payload: "{}", maxAttempts: 3, now: referenceDate)
        var now = referenceDate

        let lease1 = try #require(try jobs.leaseNext(leaseDuration: 30, now: now))
        let failed1 = try #require(try jobs.fail(lease1, error: "503", policy: noJitter, now: now))
        #expect(failed1.state == .queued)
        #expect(failed1.runAt == now.addingTimeInterval(10))
        #expect(try jobs.leaseNext(leaseDuration: 30, now: now.addingTimeInterval(9)) == nil)

        now = now.addingTimeInterval(10)
        let lease2 = try #require(try jobs.leaseNext(leaseDuration: 30, now: now))
        let failed2 = try #require(try jobs.fail(lease2, error: "timeout", policy: noJitter, now: now))
        #expect(failed2.runAt == now.addingTimeInterval(20))

        now = now.addingTimeInterval(20)
        let lease3 = try #require(try jobs.leaseNext(leaseDuration: 30, now: now))
        let failed3 = try #require(try jobs.fail(lease3, error: "still 503", policy: noJitter, now: now))
        #expect(failed3.state == .dead)
        #expect(failed3.attempts == 3)
        #expect(failed3.lastError == "still 503")
        #expect(try jobs.leaseNext(leaseDuration: 30, now: now.addingTimeInterval(3600)) == nil)
        #expect(try jobs.list(state: .dead).map(\.id) == [lease1.id])
    }

    @Test("a Retry-After time overrides the backoff, and a permanent failure is dead at once")
    func retryAtAndPermanent() throws {
        try jobs.enqueue(kind: "k", payload: "a", now: referenceDate)
        try jobs.enqueue(kind: "k", payload: "b", now: referenceDate)
        let a = try #require(try jobs.leaseNext(leaseDuration: 30, now: referenceDate))
        let b = try #require(try jobs.leaseNext(leaseDuration: 30, now: referenceDate))

        let retryAt = referenceDate.addingTimeInterval(120)
        let throttled = try jobs.fail(a, error: "429", retryAt: retryAt, now: referenceDate)
        let rejected = try jobs.fail(b, error: "404 project", permanent: true, now: referenceDate)

        #expect(throttled?.runAt == retryAt)
        #expect(rejected?.state == .dead)
    }

    @Test("a lease that expires on the last allowed attempt makes the job dead instead of running it again")
    func expiredLastAttemptIsDead() throws {
        try jobs.enqueue(kind: "k", payload: "{}", maxAttempts: 1, now: referenceDate)
        _ = try #require(try jobs.leaseNext(leaseDuration: 5, now: referenceDate))

        #expect(try jobs.leaseNext(leaseDuration: 5, now: referenceDate.addingTimeInterval(10)) == nil)
        #expect(try jobs.counts()[.dead] == 1)
    }

    @Test("opening the store ends the leases a killed process held: the job runs again at once")
    func leasesOfAStoppedProcessEndOnOpen() throws {
        try jobs.enqueue(kind: "k", payload: "held", now: referenceDate)
        try jobs.enqueue(kind: "k", payload: "last attempt", maxAttempts: 1, now: referenceDate)
        try jobs.enqueue(kind: "k", payload: "waiting", runAt: Date().addingTimeInterval(3600))
        let held = try #require(try jobs.leaseNext(leaseDuration: 300))
        let lastAttempt = try #require(try jobs.leaseNext(leaseDuration: 300))

        let restarted = try fixture.openAnother()
        let again = try restarted.jobs.leaseNext(leaseDuration: 300)
        let afterThat = try restarted.jobs.leaseNext(leaseDuration: 300)

        #expect(held.payload == "held")
        #expect(lastAttempt.payload == "last attempt")
        #expect(again?.id == held.id)
        #expect(again?.attempts == 2)
        #expect(afterThat == nil, "the job on its last attempt gave up, the one not yet due waits")
        #expect(try restarted.jobs.get(lastAttempt.id)?.state == .dead)
        #expect(try !jobs.complete(held), "the stopped process's lease no longer completes the job")
    }

    @Test("a queued job can be marked done by its unique key; a leased or finished one is left alone")
    func completeByUniqueKey() throws {
        try jobs.enqueue(kind: "k", payload: "{}", uniqueKey: "resume:t1", now: referenceDate)
        try jobs.enqueue(kind: "k", payload: "{}", uniqueKey: "resume:t2", now: referenceDate)
        let leased = try #require(try jobs.leaseNext(kinds: ["k"], leaseDuration: 300, now: referenceDate))
        let otherKey = leased.uniqueKey == "resume:t1" ? "resume:t2" : "resume:t1"

        let completedQueued = try jobs.complete(uniqueKey: otherKey, now: referenceDate)
        let completedLeased = try jobs.complete(uniqueKey: try #require(leased.uniqueKey), now: referenceDate)
        let completedAgain = try jobs.complete(uniqueKey: otherKey, now: referenceDate)
        let completedUnknown = try jobs.complete(uniqueKey: "resume:t3", now: referenceDate)

        #expect(completedQueued)
        #expect(!completedLeased)
        #expect(!completedAgain)
        #expect(!completedUnknown)
        #expect(try jobs.leaseNext(leaseDuration: 30, now: referenceDate.addingTimeInterval(60)) == nil)
        #expect(try jobs.complete(leased), "the worker still completes its own lease")
        #expect(try jobs.counts()[.succeeded] == 2)
    }

    @Test("leasing can be limited to some kinds")
    func leasesByKind() throws {
        try jobs.enqueue(kind: "sync", payload: "{}", now: referenceDate)
        try jobs.enqueue(kind: "autoTicket", payload: "{}", now: referenceDate)

        let leased = try jobs.leaseNext(kinds: ["autoTicket"], leaseDuration: 30, now: referenceDate)

        #expect(leased?.kind == "autoTicket")
        #expect(try jobs.leaseNext(kinds: ["autoTicket"], leaseDuration: 30, now: referenceDate) == nil)
    }

    @Test("the backoff doubles per attempt, stays under its cap and adds at most the jitter fraction")
    func retryPolicyDelays() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 2, maxDelay: 60, jitter: 0.5)

        for attempts in 1...10 {
            let backoff = min(60, 2 * pow(2, Double(attempts - 1)))
            let delay = policy.delay(afterAttempts: attempts)
            #expect(delay >= backoff)
            #expect(delay <= backoff * 1.5)
        }
    }

    @Test("workers on separate connections never lease the same job at once")
    func concurrentWorkersNeverShareAJob() throws {
        let jobCount = 120
        for index in 0..<jobCount {
            try jobs.enqueue(kind: "k", payload: "{\"n\":\(index)}")
        }
        let ledger = RunLedger()
        // Opened before any worker leases: opening a store ends the leases a stopped process left.
        let workers = try WorkerStores((0..<4).map { _ in try fixture.openAnother() })

        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let store = workers.stores[worker]
                while let job = try store.jobs.leaseNext(leaseDuration: 600) {
                    ledger.start(job.id)
                    ledger.finish(job.id)
                    guard try store.jobs.complete(job) else { return ledger.note("lease lost for \(job.id)") }
                }
            } catch {
                ledger.note("worker failed: \(error)")
            }
        }

        #expect(ledger.problems.isEmpty)
        #expect(ledger.runs.count == jobCount)
        #expect(Set(ledger.runs).count == jobCount)
        #expect(try jobs.counts()[.succeeded] == jobCount)
    }
}

/// Stores opened up front for worker threads; each thread uses only its own.
private final class WorkerStores: @unchecked Sendable {
    // Each store is used by exactly one thread of `concurrentPerform`, never by two.
    let stores: [Store]

    init(_ stores: [Store]) {
        self.stores = stores
    }
}
