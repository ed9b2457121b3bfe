/// Reference names of the work item fields the service writes and reads.
public enum WorkItemFieldReference {
    public static let title = "System.Title"
    public static let description = "System.Description"
    public static let assignedTo = "System.AssignedTo"
    public static let areaPath = "System.AreaPath"
    public static let tags = "System.Tags"
    public static let state = "System.State"
    public static let rev = "System.Rev"
    public static let changedBy = "System.ChangedBy"
    public static let changedDate = "System.ChangedDate"
    public static let teamProject = "System.TeamProject"
    public static let workItemType = "System.WorkItemType"
    public static let severity = "Microsoft.VSTS.Common.Severity"
    public static let priority = "Microsoft.VSTS.Common.Priority"
}
