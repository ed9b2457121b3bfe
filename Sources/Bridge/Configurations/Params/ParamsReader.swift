import Foundation
import JSON

/// Reads the members of a params object one by one, recording each problem in a shared `ViolationReport`
/// instead of stopping at the first. A member that is wrong reads as absent; the caller throws once all of
/// the request has been read.
///
/// Field names in violations are full paths (`twoWay.statusMapping.Closed`), so a nested object is read
/// with a reader of its own that shares the report.
final class ParamsReader {
    let report: ViolationReport
    private let members: JSONObject
    private let path: String
    private var readKeys: Set<String> = []

    init(_ params: JSONValue, report: ViolationReport = ViolationReport(), path: String = "") {
        self.members = params.objectValue ?? JSONObject()
        self.report = report
        self.path = path
    }

    /// The full name of a member, for violations.
    func field(_ key: String) -> String { path + key }

    /// Records a problem with a member.
    func violation(_ key: String, _ description: String) {
        report.add(field(key), description)
    }

    /// Whether the params hold the member at all (even as `null`).
    func contains(_ key: String) -> Bool { members.contains(key) }

    /// The member as it was sent, marked as read.
    func raw(_ key: String) -> FieldValue<JSONValue> {
        readKeys.insert(key)
        guard let value = members[key] else { return .absent }
        return value.isNull ? .null : .value(value)
    }

    // MARK: - Scalars

    /// A string, trimmed of surrounding white space; empty, over-long or control characters are violations.
    func string(_ key: String, required: Bool = false, maxLength: Int) -> FieldValue<String> {
        let member = present(key, required: required)
        guard let value = member.given else { return member.map { _ in "" } }
        guard let text = value.stringValue else {
            violation(key, "must be a string, not \(value.kindDescription)")
            return .absent
        }
        return checkedText(text, key: key, maxLength: maxLength).map { .value($0) } ?? .absent
    }

    func bool(_ key: String, required: Bool = false) -> FieldValue<Bool> {
        let member = present(key, required: required)
        guard let value = member.given else { return member.map { _ in false } }
        guard let flag = value.boolValue else {
            violation(key, "must be true or false, not \(value.kindDescription)")
            return .absent
        }
        return .value(flag)
    }

    func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> FieldValue<Int> {
        let member = present(key, required: required)
        guard let value = member.given else { return member.map { _ in 0 } }
        guard let number = value.intValue, range.contains(number) else {
            violation(key, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return .absent
        }
        return .value(number)
    }

    /// One of an enumeration's spellings, e.g. a severity.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Choice.Type, required: Bool = false
    ) -> FieldValue<Choice> where Choice.RawValue == String {
        let member = present(key, required: required)
        guard let value = member.given else { return member.map { _ in Choice.allCases.first! } }
        guard let choice = ParamsReader.choice(value, type) else {
            violation(key, "must be one of \(ParamsReader.spellings(type))")
            return .absent
        }
        return .value(choice)
    }

    // MARK: - Collections

    /// An array of distinct strings (repeats are dropped, order kept).
    func strings(_ key: String, maxCount: Int, maxLength: Int, itemRule: ((String) -> String?)? = nil)
        -> FieldValue<[String]>
    {
        let member = present(key, required: false)
        guard let value = member.given else { return member.map { _ in [] } }
        guard let items = value.arrayValue else {
            violation(key, "must be an array of strings, not \(value.kindDescription)")
            return .absent
        }
        guard items.count <= maxCount else {
            violation(key, "must hold at most \(maxCount) entries, not \(items.count)")
            return .absent
        }
        var texts: [String] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let itemKey = "\(key)[\(index)]"
            guard let raw = item.stringValue else {
                violation(itemKey, "must be a string, not \(item.kindDescription)")
                valid = false
                continue
            }
            guard let text = checkedText(raw, key: itemKey, maxLength: maxLength) else {
                valid = false
                continue
            }
            if let problem = itemRule?(text) {
                violation(itemKey, problem)
                valid = false
                continue
            }
            if !texts.contains(text) { texts.append(text) }
        }
        return valid ? .value(texts) : .absent
    }

    /// An array of an enumeration's spellings, without repeats.
    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(_ key: String, _ type: Choice.Type)
        -> FieldValue<[Choice]> where Choice.RawValue == String
    {
        let member = present(key, required: false)
        guard let value = member.given else { return member.map { _ in [] } }
        guard let items = value.arrayValue else {
            violation(key, "must be an array, not \(value.kindDescription)")
            return .absent
        }
        var chosen: [Choice] = []
        var valid = true
        for (index, item) in items.enumerated() {
            guard let choice = ParamsReader.choice(item, type) else {
                violation("\(key)[\(index)]", "must be one of \(ParamsReader.spellings(type))")
                valid = false
                continue
            }
            if !chosen.contains(choice) { chosen.append(choice) }
        }
        return valid ? .value(chosen) : .absent
    }

    /// An object whose members are read by the caller (a map such as `severityMap`).
    func map(_ key: String) -> FieldValue<JSONObject> {
        let member = present(key, required: false)
        guard let value = member.given else { return member.map { _ in JSONObject() } }
        guard let object = value.objectValue else {
            violation(key, "must be an object, not \(value.kindDescription)")
            return .absent
        }
        return .value(object)
    }

    /// A nested object, read with its own reader that reports into the same report.
    func object(_ key: String) -> FieldValue<ParamsReader> {
        map(key).map { ParamsReader(.object($0), report: report, path: field(key) + ".") }
    }

    // MARK: - Completeness

    /// Records every member that no read asked for: a misspelt or unsupported parameter must not be
    /// silently ignored.
    func rejectUnknownMembers(readOnly: Set<String> = []) {
        for key in members.keys where !readKeys.contains(key) {
            if readOnly.contains(key) {
                violation(key, "is set by the service and cannot be given")
            } else {
                violation(key, "is not a parameter of this method")
            }
        }
    }

    // MARK: - Helpers

    private func present(_ key: String, required: Bool) -> FieldValue<JSONValue> {
        let member = raw(key)
        if required, member.given == nil {
            violation(key, "is required")
            return .absent
        }
        return member
    }

    private func checkedText(_ raw: String, key: String, maxLength: Int) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            violation(key, "must not be empty")
            return nil
        }
        if text.count > maxLength {
            violation(key, "must be at most \(maxLength) characters long, not \(text.count)")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            violation(key, "must not contain control characters such as line breaks")
            return nil
        }
        return text
    }

    static func choice<Choice: RawRepresentable & CaseIterable>(_ value: JSONValue, _ type: Choice.Type)
        -> Choice? where Choice.RawValue == String
    {
        value.stringValue.flatMap(Choice.init(rawValue:))
    }

    static func spellings<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) -> String
    where Choice.RawValue == String {
        type.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
