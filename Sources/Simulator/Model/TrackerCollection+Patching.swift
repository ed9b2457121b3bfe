import Foundation
import JSON

extension TrackerCollection {
    /// The longest title the server accepts.
    static let maximumTitleLength = 255

    /// Applies `add`, `replace` and `remove` operations to a draft, validating each value like the server.
    func apply(_ patch: WorkItemPatch, to draft: inout WorkItemDraft, members: [Identity]) throws {
        for operation in patch.operations where operation.kind != .test {
            if let name = operation.fieldName {
                try applyField(name, operation, to: &draft)
            } else if operation.path.lowercased().hasPrefix("/relations/") {
                try applyRelation(operation, to: &draft)
            } else {
                throw TrackerError.invalidPatchDocument("The path '\(operation.path)' is not supported.")
            }
        }
    }

    private func applyField(
        _ name: String, _ operation: WorkItemPatch.Operation, to draft: inout WorkItemDraft
    ) throws {
        guard let field = draft.type.field(name) else { throw TrackerError.unknownField(name) }
        if field.readOnly {
            throw TrackerError.ruleViolation(field: field, codes: "ReadOnly, InvalidNotOldValue",
                                             flags: "readOnly, invalidNotOldValue")
        }
        guard operation.kind != .remove else {
            draft.fields[field.referenceName] = nil
            return
        }
        let value = operation.value ?? .null
        if value.isNull {
            draft.fields[field.referenceName] = nil
            return
        }

        if field.referenceName == "System.State" {
            guard let text = value.stringValue, let state = draft.type.state(named: text) else {
                throw TrackerError.ruleViolation(
                    field: field, codes: "Required, HasValues, LimitedToValues, AllowsOldValue, InvalidListValue",
                    flags: "required, hasValues, limitedToValues, allowsOldValue, invalidListValue"
                )
            }
            draft.setState(state)
            return
        }
        draft.fields[field.referenceName] = try normalizedValue(value, for: field, project: draft.project)
    }

    /// The value as stored, or a rule error.
    private func normalizedValue(
        _ value: JSONValue, for field: FieldDefinition, project: Project
    ) throws -> JSONValue? {
        let text = value.stringValue ?? value.numberValue?.text
        guard let text else {
            throw TrackerError.ruleViolation(field: field, codes: "InvalidType", flags: "invalidType")
        }
        switch field.kind {
        case .integer:
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw TrackerError.ruleViolation(field: field, codes: "InvalidType", flags: "invalidType")
            }
            if !field.allowedValues.isEmpty && !field.allowedValues.contains(String(number)) {
                throw TrackerError.ruleViolation(field: field, codes: "LimitedToValues, InvalidListValue",
                                                 flags: "limitedToValues, invalidListValue")
            }
            return .number(JSONNumber(number))
        case .identity:
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            guard let member = member(matching: text) else { throw TrackerError.unknownIdentity(text, field: field) }
            return .string(member.combinedName)
        case .treePath:
            let known = field.referenceName == "System.AreaPath" ? project.areaPaths : project.iterationPaths
            guard let path = known.first(where: { $0.lowercased() == text.lowercased() }) else {
                throw TrackerError.invalidTreeName(field: field, value: text)
            }
            return .string(path)
        case .plainText where field.referenceName == "System.Tags":
            let tags = WorkItemTags.normalized(text)
            return tags.isEmpty ? nil : .string(tags)
        case .string, .plainText, .html, .history, .dateTime:
            if !field.allowedValues.isEmpty && !field.allowedValues.contains(text) {
                throw TrackerError.ruleViolation(field: field, codes: "LimitedToValues, InvalidListValue",
                                                 flags: "limitedToValues, invalidListValue")
            }
            if field.referenceName == "System.Title" && text.count > TrackerCollection.maximumTitleLength {
                throw TrackerError.ruleViolation(field: field, codes: "InvalidTooLong", flags: "invalidTooLong")
            }
            return .string(text)
        }
    }

    /// `add /relations/-` appends a link; `remove /relations/N` removes one.
    private func applyRelation(_ operation: WorkItemPatch.Operation, to draft: inout WorkItemDraft) throws {
        let suffix = operation.path.dropFirst("/relations/".count)
        switch operation.kind {
        case .add where suffix == "-":
            guard let relation = operation.value?.objectValue, relation["rel"]?.stringValue != nil,
                  relation["url"]?.stringValue != nil
            else {
                throw TrackerError.invalidPatchDocument("A relation needs 'rel' and 'url'.")
            }
            draft.relations.append(.object(relation))
        case .remove, .replace:
            guard let index = Int(suffix), draft.relations.indices.contains(index) else {
                throw TrackerError.invalidPatchDocument("There is no relation at '\(operation.path)'.")
            }
            if operation.kind == .remove {
                draft.relations.remove(at: index)
            } else if let relation = operation.value, relation.objectValue != nil {
                draft.relations[index] = relation
            }
        default:
            throw TrackerError.invalidPatchDocument("The path '\(operation.path)' is not supported for "
                + "'\(operation.kind.rawValue)'.")
        }
    }
}
