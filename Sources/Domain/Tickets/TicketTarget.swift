import Foundation

/// Where a new work item goes and who gets it: the call's overrides over the configuration's defaults.
///
/// Resolve it first to learn which project and type to ask the tracker about (whether the type has Severity
/// or Priority), then build the `WorkItemDraft`.
public struct TicketTarget: Sendable, Equatable {
    public var project: String
    public var workItemType: String
    public var assignee: String?
    /// The configuration's area path, kept only while it lies in `project`: an area path of another project
    /// would make the tracker reject the work item, and without one the project's root area applies.
    public var areaPath: String?

    /// - Throws: `TicketContentError` when neither the call nor the configuration names a project or a type.
    public init(configuration: Configuration, overrides: TicketOverrides = TicketOverrides()) throws {
        guard let project = Self.present(overrides.project) ?? Self.present(configuration.project) else {
            throw TicketContentError.missingProject(configurationName: configuration.name)
        }
        guard let workItemType = Self.present(overrides.workItemType) ?? Self.present(configuration.workItemType)
        else {
            throw TicketContentError.missingWorkItemType(configurationName: configuration.name)
        }

        self.project = project
        self.workItemType = workItemType
        assignee = Self.present(overrides.assignee) ?? Self.present(configuration.assignee)
        areaPath = Self.present(configuration.areaPath).flatMap { Self.areaPath($0, isIn: project) ? $0 : nil }
    }

    /// An area path's first segment is its project: `Fabrikam\Web\Security` lies in `Fabrikam`.
    static func areaPath(_ areaPath: String, isIn project: String) -> Bool {
        let root = areaPath.split(separator: "\\", maxSplits: 1, omittingEmptySubsequences: true).first ?? ""
        return root.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(project) == .orderedSame
    }

    /// The value trimmed, or nil when it is absent or blank.
    static func present(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}
