import Foundation

/// The opaque cursor of a vulnerability listing: the position after the last row returned.
///
/// Rows are listed in insertion order (`seq`), which never changes, so a page boundary stays put while new
/// vulnerabilities arrive. The cursor is versioned base64 so callers treat it as opaque.
struct ListingCursor {
    private static let prefix = "v1:"

    let afterSequence: Int64

    init(afterSequence: Int64) {
        self.afterSequence = afterSequence
    }

    init(encoded: String) throws {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let text = String(data: data, encoding: .utf8),
              text.hasPrefix(ListingCursor.prefix),
              let sequence = Int64(text.dropFirst(ListingCursor.prefix.count)),
              sequence >= 0
        else {
            throw StorageError(
                .invalidArgument, "the cursor was not issued by this service: pass nextCursor from the previous page"
            )
        }
        self.afterSequence = sequence
    }

    var encoded: String {
        Data((ListingCursor.prefix + String(afterSequence)).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
