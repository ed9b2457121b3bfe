import Domain
import Foundation

/// What storage knows about a configuration id: a live configuration, a deleted one, or nothing.
///
/// Deleted configurations keep a tombstone so that a later webhook to one is recognised (and refused) as a
/// delivery to a deleted configuration rather than to an id that never existed.
public enum ConfigurationLookup: Equatable {
    case live(Configuration)
    case deleted(name: String, deletedAt: Date)
    case unknown
}
