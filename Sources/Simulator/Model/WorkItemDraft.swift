import Foundation
import JSON

/// The fields and relations of a work item while a change is being applied, before it becomes a revision.
struct WorkItemDraft {
    let project: Project
    let type: WorkItemTypeDefinition
    var fields: JSONObject
    var relations: [JSONValue]

    /// Sets the state and the fields that follow it (reason, state change date).
    mutating func setState(_ state: WorkItemStateDefinition) {
        guard fields["System.State"]?.stringValue != state.name else { return }
        fields["System.State"] = .string(state.name)
        fields["System.Reason"] = .string("Moved to state \(state.name)")
    }

    /// Adds what the server fills in on creation: id, revision, defaults, authors and dates.
    func completedForCreation(id: Int, author: Identity, at now: String) -> JSONObject {
        var result: JSONObject = [
            "System.Id": .number(JSONNumber(id)),
            "System.AreaPath": .string(project.name),
            "System.TeamProject": .string(project.name),
            "System.IterationPath": .string(project.name),
            "System.WorkItemType": .string(type.name),
            "System.State": .string(type.initialState.name),
            "System.Reason": "New",
        ]
        for member in fields {
            result[member.key] = member.value
        }
        result["System.Rev"] = 1
        if result["System.State"]?.stringValue != type.initialState.name && fields["System.Reason"] == nil {
            result["System.Reason"] = .string("Moved to state \(result["System.State"]?.stringValue ?? "")")
        }
        result["System.CreatedDate"] = .string(now)
        result["System.CreatedBy"] = .string(author.combinedName)
        result["System.ChangedDate"] = .string(now)
        result["System.ChangedBy"] = .string(author.combinedName)
        result["System.CommentCount"] = .number(JSONNumber(fields["System.History"] == nil ? 0 : 1))
        result["Microsoft.VSTS.Common.StateChangeDate"] = .string(now)
        if type.hasPriority && result["Microsoft.VSTS.Common.Priority"] == nil {
            result["Microsoft.VSTS.Common.Priority"] = 2
        }
        if type.hasSeverity && result["Microsoft.VSTS.Common.Severity"] == nil {
            result["Microsoft.VSTS.Common.Severity"] = "3 - Medium"
        }
        return result
    }

    /// Adds what the server sets on every later revision.
    func completedForRevision(previous: WorkItemRevision, author: Identity, at now: String) -> JSONObject {
        var result = fields
        result["System.Rev"] = .number(JSONNumber(previous.rev + 1))
        result["System.ChangedDate"] = .string(now)
        result["System.ChangedBy"] = .string(author.combinedName)
        if result["System.State"] != previous.fields["System.State"] {
            result["Microsoft.VSTS.Common.StateChangeDate"] = .string(now)
        }
        if fields["System.History"] != nil {
            let count = previous.fields["System.CommentCount"]?.intValue ?? 0
            result["System.CommentCount"] = .number(JSONNumber(count + 1))
        }
        return result
    }

    /// Title is always required; the real server reports it as `Required, InvalidEmpty`.
    func checkRequiredFields(_ fields: JSONObject) throws {
        for field in type.fields where field.alwaysRequired {
            let text = fields[field.referenceName]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
            if text.isEmpty {
                throw TrackerError.ruleViolation(field: field, codes: "Required, InvalidEmpty",
                                                 flags: "required, invalidEmpty")
            }
        }
    }
}
