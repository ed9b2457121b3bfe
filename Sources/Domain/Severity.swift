/// How bad a finding is, as the security product rates it.
public enum Severity: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable, Comparable {
    case critical = "Critical"
    case high = "High"
    case medium = "Medium"
    case low = "Low"
    case note = "Note"

    /// Most severe first: `critical < high` in this ordering means "comes before".
    private var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The tracker's `Microsoft.VSTS.Common.Severity` value used when the configuration maps nothing.
    public var defaultTrackerSeverity: String {
        switch self {
        case .critical: "1 - Critical"
        case .high: "2 - High"
        case .medium: "3 - Medium"
        case .low, .note: "4 - Low"
        }
    }

    /// The tracker's `Microsoft.VSTS.Common.Priority` value used when the configuration maps nothing.
    public var defaultTrackerPriority: Int {
        switch self {
        case .critical: 1
        case .high: 2
        case .medium: 3
        case .low, .note: 4
        }
    }

    /// The values the tracker accepts for `Microsoft.VSTS.Common.Severity`.
    public static let trackerSeverityValues = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"]

    /// The values the tracker accepts for `Microsoft.VSTS.Common.Priority`.
    public static let trackerPriorityValues = 1...4
}
