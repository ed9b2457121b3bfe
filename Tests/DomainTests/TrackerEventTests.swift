import Domain
import Foundation
import Testing

@Suite("Service-hook deliveries")
struct TrackerEventTests {
    func event(_ fixture: String) throws -> TrackerEvent {
        try TrackerEvent(payload: Samples.fixture(fixture))
    }

    func payloadError(_ fixture: String) throws -> ServiceHookPayloadError {
        let data = try Samples.fixture(fixture)
        return try #require(throws: ServiceHookPayloadError.self) { try TrackerEvent(payload: data) }
    }

    @Test("workitem.updated 1.0: state change, revision, and the identity parsed from 'Name <unique>'")
    func updated10() throws {
        let event = try event("workitem-updated-1.0")

        #expect(event.subscriptionId == "7a2f4c1e-93b1-4d0a-a0c4-2f0c6f1d8e55")
        #expect(event.notificationId == "14")
        #expect(event.eventType == "workitem.updated")
        #expect(event.resourceVersion == "1.0")
        let change = try #require(event.workItemChange)
        #expect(change.cause == .updated)
        #expect(change.workItemId == 13)
        #expect(change.revision == 3)
        #expect(change.oldState == "Active")
        #expect(change.newState == "Closed")
        #expect(change.changedBy == TrackerIdentity(
            displayName: "Jamal Hartnett", uniqueName: "fabrikamfiber4@hotmail.com",
            id: "e5a5f7f8-6507-4c34-b397-6c4818e002f4"))
        #expect(change.title == "[checkout] SQL injection in /cart/apply-coupon")
    }

    @Test("workitem.updated 1.0-preview.1: ids, revision and notification id sent as strings")
    func updatedPreview1() throws {
        let event = try event("workitem-updated-1.0-preview.1")

        #expect(event.notificationId == "27")
        #expect(event.resourceVersion == "1.0-preview.1")
        let change = try #require(event.workItemChange)
        #expect(change.workItemId == 208)
        #expect(change.revision == 6)
        #expect(change.oldState == "Resolved")
        #expect(change.newState == "Active")
        #expect(change.changedBy == TrackerIdentity(displayName: "Lisa Tran", uniqueName: "DEFAULTCOLLECTION\\ltran"))
    }

    @Test("workitem.updated 5.1-preview.3: identities as objects")
    func updated51Preview3() throws {
        let event = try event("workitem-updated-5.1-preview.3")

        #expect(event.notificationId == "3051")
        #expect(event.resourceVersion == "5.1-preview.3")
        let change = try #require(event.workItemChange)
        #expect(change.workItemId == 4512)
        #expect(change.revision == 10)
        #expect(change.oldState == "Doing")
        #expect(change.newState == "Done")
        #expect(change.changedBy?.displayName == "Mateo Escobedo")
        #expect(change.changedBy?.uniqueName == "mateo@contoso.com")
        #expect(change.changedBy?.id == "2c8f1a3e-77b4-4b6f-9e10-5d3a6c2f8b41")
        #expect(change.title == "Fix reflected XSS in search")
    }

    @Test("a very old payload with workItemId 0 takes the id from its revision")
    func legacyRevisionId() throws {
        let change = try #require(try event("workitem-updated-legacy-revision-id").workItemChange)

        #expect(change.workItemId == 42)
        #expect(change.revision == 4)
        #expect(change.newState == "Removed")
        #expect(change.changedBy?.displayName == "Chuck Reinhart")
    }

    @Test("a very old payload with workItemId 0 and no revision takes the id from its URL")
    func legacyURL() throws {
        let change = try #require(try event("workitem-updated-legacy-url-only").workItemChange)

        #expect(change.workItemId == 77)
        #expect(change.revision == 5)
        #expect(change.oldState == "Resolved")
        #expect(change.newState == "Closed")
        #expect(change.changedBy == nil)
    }

    @Test("an update that does not touch System.State is ignored and says what it changed")
    func updateWithoutStateIsIgnored() throws {
        let event = try event("workitem-updated-title-only")

        let reason = try #require(event.ignoredReason)
        #expect(event.workItemChange == nil)
        #expect(reason.contains("work item 13"))
        #expect(reason.contains("System.State"))
        #expect(reason.contains("System.Title"))
    }

    @Test("workitem.deleted counts as Removed, in 1.0 and 5.1-preview.3", arguments: [
        ("workitem-deleted-1.0", 21, 7, "Active", "Jamal Hartnett"),
        ("workitem-deleted-5.1-preview.3", 4520, 3, "To Do", "Ana Lima"),
    ])
    func deleted(fixture: String, workItemId: Int, revision: Int, stateBefore: String, by: String) throws {
        let change = try #require(try event(fixture).workItemChange)

        #expect(change.cause == .deleted)
        #expect(change.workItemId == workItemId)
        #expect(change.revision == revision)
        #expect(change.newState == "Removed")
        #expect(change.oldState == stateBefore)
        #expect(change.changedBy?.displayName == by)
    }

    @Test("workitem.restored brings back the state from before deletion, in 1.0 and 5.1-preview.3", arguments: [
        ("workitem-restored-1.0", 21, 7, "Active"),
        ("workitem-restored-5.1-preview.3", 4520, 3, "To Do"),
    ])
    func restored(fixture: String, workItemId: Int, revision: Int, state: String) throws {
        let change = try #require(try event(fixture).workItemChange)

        #expect(change.cause == .restored)
        #expect(change.workItemId == workItemId)
        #expect(change.revision == revision)
        #expect(change.newState == state)
        #expect(change.oldState == "Removed")
    }

    @Test("other event types are ignored without reading their resource", arguments: [
        ("workitem-commented-1.0", "workitem.commented"), ("git-push-1.0", "git.push"),
    ])
    func otherEventsIgnored(fixture: String, eventType: String) throws {
        let event = try event(fixture)

        #expect(event.eventType == eventType)
        let reason = try #require(event.ignoredReason)
        #expect(reason.contains(eventType))
    }

    @Test("malformed payloads name the field at fault", arguments: [
        ("malformed-missing-rev", "resource.rev", "is missing"),
        ("malformed-work-item-id", "resource.workItemId", "is not a whole number"),
        ("malformed-missing-subscription", "subscriptionId", "is missing"),
        ("malformed-state-without-new-value", "resource.fields.System.State.newValue", "is missing"),
        ("malformed-missing-resource", "resource", "is missing"),
        ("malformed-fields-not-object", "resource.fields", "is not an object"),
    ])
    func malformed(fixture: String, field: String, problem: String) throws {
        let error = try payloadError(fixture)

        #expect(error.field == field)
        #expect(error.problem == problem)
        #expect(error.description.contains(field))
    }

    @Test("a body that is not JSON is a clear error about the body")
    func notJSON() throws {
        let error = try #require(throws: ServiceHookPayloadError.self) {
            try TrackerEvent(payload: Data("<html>Sign in</html>".utf8))
        }

        #expect(error.field == "body")
        #expect(error.problem == "is not valid JSON")
    }

    @Test("a body that is JSON but not an object is a clear error about the body")
    func notAnObject() throws {
        let error = try #require(throws: ServiceHookPayloadError.self) {
            try TrackerEvent(payload: Data("[1, 2]".utf8))
        }

        #expect(error.field == "body")
    }

    @Test("identities read from both shapes", arguments: [
        ("\"Jamal Hartnett <jamal@fabrikam.com>\"", "Jamal Hartnett", "jamal@fabrikam.com"),
        ("\"Build Service\"", "Build Service", nil),
        ("{\"displayName\": \"Ana Lima\", \"uniqueName\": \"ana@contoso.com\"}", "Ana Lima", "ana@contoso.com"),
        ("{\"id\": \"x\", \"name\": \"Chuck Reinhart <TFS\\\\chuck>\"}", "Chuck Reinhart", "TFS\\chuck"),
        ("{\"uniqueName\": \"svc@contoso.com\"}", "svc@contoso.com", "svc@contoso.com"),
    ] as [(String, String, String?)])
    func identities(json: String, displayName: String, uniqueName: String?) throws {
        let identity = try JSONDecoder().decode(TrackerIdentity.self, from: Data(json.utf8))

        #expect(identity.displayName == displayName)
        #expect(identity.uniqueName == uniqueName)
    }

    @Test("field values keep their kind across resource versions")
    func fieldValues() throws {
        let json = """
            {"a": "5", "b": 5, "c": 2.5, "d": true, "e": null, "f": ["x"],
             "g": {"displayName": "Ana Lima", "uniqueName": "ana@contoso.com"}, "h": {"unrelated": 1}}
            """
        let values = try JSONDecoder().decode([String: ServiceHookFieldValue].self, from: Data(json.utf8))

        #expect(values["a"] == .string("5"))
        #expect(values["a"]?.integer == 5)
        #expect(values["b"] == .integer(5))
        #expect(values["b"]?.text == "5")
        #expect(values["c"] == .number(2.5))
        #expect(values["d"] == .boolean(true))
        #expect(values["e"] == .null)
        #expect(values["f"] == .other)
        #expect(values["g"]?.identity?.uniqueName == "ana@contoso.com")
        #expect(values["h"] == .other)
    }
}
