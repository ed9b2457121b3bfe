import Foundation

/// Lower-case GUID text, as the tracker writes ids.
enum UUIDText {
    static func random() -> String { UUID().uuidString.lowercased() }
}
