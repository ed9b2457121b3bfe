import Foundation
import JSON

/// A JSON Patch document for a work item (`application/json-patch+json`): a list of operations on
/// `/fields/<name>`, `/relations/-` and (for `test`) `/rev`.
struct WorkItemPatch {
    enum Kind: String {
        case add, replace, remove, test
    }

    struct Operation {
        let kind: Kind
        let path: String
        let value: JSONValue?

        /// The field a `/fields/<name>` path names, with JSON Pointer escapes undone.
        var fieldName: String? {
            guard path.lowercased().hasPrefix("/fields/") else { return nil }
            let name = path.dropFirst("/fields/".count)
            return name.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    let operations: [Operation]

    /// Reads the request body.
    /// - Throws: `TrackerError` 400 when the body is not a patch document.
    static func parse(_ body: [UInt8]) throws -> WorkItemPatch {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            throw TrackerError.invalidPatchDocument("The body is not JSON: \(error).")
        }
        guard let elements = document.arrayValue else {
            throw TrackerError.invalidPatchDocument("The body must be a JSON array of operations.")
        }
        let operations = try elements.enumerated().map { index, element -> Operation in
            guard let opName = element["op"]?.stringValue, let kind = Kind(rawValue: opName.lowercased()) else {
                throw TrackerError.invalidPatchDocument("Operation \(index) has no supported 'op' "
                    + "(add, replace, remove, test).")
            }
            guard let path = element["path"]?.stringValue, path.hasPrefix("/") else {
                throw TrackerError.invalidPatchDocument("Operation \(index) has no 'path'.")
            }
            let value = element["value"]
            if kind != .remove && value == nil {
                throw TrackerError.invalidPatchDocument("Operation \(index) (\(opName) \(path)) has no 'value'.")
            }
            return Operation(kind: kind, path: path, value: value)
        }
        return WorkItemPatch(operations: operations)
    }
}
