import Foundation

/// Reads a work item id out of a service-hook URL, for very old payloads whose `workItemId` is `0`:
/// `…/_apis/wit/workItems/13/updates/2`, `…/_apis/wit/workItems/13/revisions/2`, `…/_apis/wit/recycleBin/13`.
enum WorkItemURL {
    static let collectionSegments: Set<String> = ["workitems", "recyclebin"]

    static func workItemId(in url: String?) -> Int? {
        guard let url, let path = URLComponents(string: url)?.path else { return nil }

        let segments = path.split(separator: "/").map(String.init)
        for (index, segment) in segments.enumerated().dropLast()
        where collectionSegments.contains(segment.lowercased()) {
            if let id = Int(segments[index + 1]), id > 0 {
                return id
            }
        }
        return nil
    }
}
