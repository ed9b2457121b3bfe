import Domain
import Testing

@Suite("Delivery freshness")
struct DeliveryFreshnessTests {
    func change(_ cause: WorkItemChange.Cause, revision: Int) -> WorkItemChange {
        WorkItemChange(cause: cause, workItemId: 13, revision: revision, newState: "Closed")
    }

    @Test("a delivery already applied is a duplicate whatever its revision")
    func duplicate() {
        for cause in [WorkItemChange.Cause.updated, .deleted, .restored, .synchronized] {
            #expect(DeliveryFreshness.classify(change(cause, revision: 9), alreadyApplied: true, lastRevision: 3)
                == .duplicate)
        }
    }

    @Test("an update is fresh only when its revision is newer than the ticket's", arguments: [
        (2, DeliveryFreshness.stale), (3, .stale), (4, .fresh),
    ])
    func updates(revision: Int, expected: DeliveryFreshness) {
        #expect(DeliveryFreshness.classify(change(.updated, revision: revision), alreadyApplied: false, lastRevision: 3)
            == expected)
        #expect(DeliveryFreshness.classify(
            change(.synchronized, revision: revision), alreadyApplied: false, lastRevision: 3) == expected)
    }

    @Test("deleting or restoring keeps the revision, so only an older one is stale", arguments: [
        (2, DeliveryFreshness.stale), (3, .fresh), (4, .fresh),
    ])
    func deletionsAndRestorations(revision: Int, expected: DeliveryFreshness) {
        #expect(DeliveryFreshness.classify(change(.deleted, revision: revision), alreadyApplied: false, lastRevision: 3)
            == expected)
        #expect(DeliveryFreshness.classify(
            change(.restored, revision: revision), alreadyApplied: false, lastRevision: 3) == expected)
    }
}
