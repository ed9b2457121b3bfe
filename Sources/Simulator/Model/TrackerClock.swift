import Foundation

/// Wall-clock timestamps in the form the tracker writes them (`2024-05-01T12:00:00.123Z`).
enum TrackerClock {
    /// The "revised date" of a work item's latest revision: the end of time.
    static let endOfTime = "9999-01-01T00:00:00Z"

    static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000)
        )
    }
}
