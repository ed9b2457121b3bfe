import Foundation

/// The `System.Tags` field's text form: tags separated by `;`, written back as `"a; b"`.
enum WorkItemTags {
    static func split(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Trims, drops empty and repeated (case-insensitively) tags, keeps the first spelling and the order.
    static func normalized(_ text: String) -> String {
        var seen: Set<String> = []
        let unique = split(text).filter { seen.insert($0.lowercased()).inserted }
        return unique.joined(separator: "; ")
    }
}
