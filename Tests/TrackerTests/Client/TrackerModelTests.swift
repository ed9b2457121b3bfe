import JSON
import Testing

@testable import Tracker

@Suite("Decoding tracker replies")
struct TrackerModelTests {
    @Test("identities come as strings with or without a unique name, or as objects")
    func identities() throws {
        #expect(TrackerIdentity(json: "Jane Doe <jane@example.com>")
            == TrackerIdentity(displayName: "Jane Doe", uniqueName: "jane@example.com"))
        #expect(TrackerIdentity(json: "Jane Doe") == TrackerIdentity(displayName: "Jane Doe"))
        #expect(TrackerIdentity(json: ["id": "1", "displayName": "Jane", "uniqueName": "DOMAIN\\jane"])
            == TrackerIdentity(id: "1", displayName: "Jane", uniqueName: "DOMAIN\\jane"))
        #expect(TrackerIdentity(json: 42) == nil)
        #expect(TrackerIdentity(json: "") == nil)
    }

    @Test("a work item type tells Severity and Priority apart and lists states from transitions or states")
    func workItemTypes() throws {
        let bug = try #require(TrackerWorkItemType(json: [
            "name": "Bug",
            "fieldInstances": [["referenceName": "Microsoft.VSTS.Common.Severity"],
                               ["referenceName": "Microsoft.VSTS.Common.Priority"]],
            "transitions": [
                "": [["to": "New"]], "New": [["to": "Active"], ["to": "Removed"]], "Active": [["to": "Closed"]],
            ],
        ]))
        let issue = try #require(TrackerWorkItemType(json: [
            "name": "Issue", "fields": [["referenceName": "System.Title"]],
            "states": [["name": "To Do"], ["name": "Doing"], ["name": "Done"]],
        ]))

        #expect(bug.hasSeverity && bug.hasPriority)
        #expect(bug.states == ["New", "Active", "Removed", "Closed"])
        #expect(!issue.hasSeverity && !issue.hasPriority)
        #expect(issue.states == ["To Do", "Doing", "Done"])
    }

    @Test("a work item keeps its fields, links and identity fields in either shape")
    func workItem() throws {
        let old = try #require(WorkItem(json: [
            "id": 7, "rev": 3, "url": "http://tfs/c/_apis/wit/workItems/7",
            "fields": ["System.Title": "t", "System.State": "Active", "System.Tags": "a; tracker-bridge:x ;b",
                       "System.AssignedTo": "Jane <jane@x>"],
            "_links": ["html": ["href": "http://tfs/c/p/_workitems/edit/7"]],
        ]))
        let new = try #require(WorkItem(json: [
            "id": 8, "fields": ["System.Rev": 2, "System.AssignedTo": ["displayName": "Jane", "uniqueName": "jane@x"]],
        ]))

        #expect(old.rev == 3 && old.state == "Active" && old.title == "t")
        #expect(old.tags == ["a", "tracker-bridge:x", "b"])
        #expect(old.webURL == "http://tfs/c/p/_workitems/edit/7")
        #expect(old.assignedTo == TrackerIdentity(displayName: "Jane", uniqueName: "jane@x"))
        #expect(new.rev == 2)
        #expect(new.assignedTo == TrackerIdentity(displayName: "Jane", uniqueName: "jane@x"))
    }

    @Test("connectionData gives the user's names and the deployment type")
    func connectionInfo() throws {
        let info = try #require(TrackerConnectionInfo(json: [
            "authenticatedUser": ["id": "u1", "providerDisplayName": "Jane Doe",
                                  "properties": ["Account": ["$type": "System.String", "$value": "jane@example.com"]]],
            "deploymentType": "onPremises", "instanceId": "i1",
        ]))

        #expect(info.user == TrackerIdentity(id: "u1", displayName: "Jane Doe", uniqueName: "jane@example.com"))
        #expect(info.deploymentType == "onPremises")
    }

    @Test("backoff grows exponentially within its cap and keeps jitter in the upper half")
    func backoff() {
        let policy = RetryPolicy(maximumAttempts: 10, initialBackoffMilliseconds: 100, maximumBackoffMilliseconds: 1000)
        for attempt in 1...8 {
            let step = min(1000, UInt64(100) << UInt64(attempt - 1))
            let delay = policy.backoffMilliseconds(afterAttempt: attempt)
            #expect(delay >= step / 2 && delay <= step)
        }
    }

    @Test("a call that is not repeatable is retried only when the tracker never saw it")
    func retryDecisions() {
        let policy = RetryPolicy(maximumAttempts: 3)
        let unavailable = TrackerError(status: .unavailable, message: "503", retryable: true)
        let throttled = TrackerError(status: .resourceExhausted, message: "429", retryable: true, retryAfterMs: 1500)
        let permanent = TrackerError(status: .notFound, message: "404")

        #expect(policy.delay(after: unavailable, attempt: 1, repeatable: false, neverSent: false) == nil)
        #expect(policy.delay(after: unavailable, attempt: 1, repeatable: true, neverSent: false) != nil)
        #expect(policy.delay(after: throttled, attempt: 1, repeatable: false, neverSent: true) == 1500)
        #expect(policy.delay(after: permanent, attempt: 1, repeatable: true, neverSent: true) == nil)
        #expect(policy.delay(after: unavailable, attempt: 3, repeatable: true, neverSent: true) == nil)
        #expect(RetryPolicy(maximumRetryAfterMilliseconds: 1000)
            .delay(after: throttled, attempt: 1, repeatable: true, neverSent: true) == nil)
    }
}
