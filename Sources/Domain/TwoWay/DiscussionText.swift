/// The text of the Discussion comments the status rules write: which configuration and work item, the
/// state change, and the status change or the reason for none.
enum DiscussionText {
    /// E.g. `Azure DevOps work item #13 (https://…) in configuration "Boards": state Active → Closed,
    /// changed by Jamal Hartnett <jamal@fabrikam.com>.`
    static func header(change: WorkItemChange, ticket: Ticket, configurationName: String) -> String {
        var text = "Azure DevOps work item #\(change.workItemId)"
        if !ticket.url.isEmpty {
            text += " (\(ticket.url))"
        }
        text += " in configuration \"\(configurationName)\""

        let transition = "state \(ticket.state) → \(change.newState)"
        switch change.cause {
        case .updated: text += ": \(transition)"
        case .deleted: text += " was deleted, which counts as state \(WorkItemChange.deletedState): \(transition)"
        case .restored: text += " was restored: \(transition)"
        case .synchronized: text += " was read by syncTickets: \(transition)"
        }

        if let changedBy = change.changedBy {
            text += ", changed by \(changedBy)"
        }
        return text + "."
    }

    /// E.g. `Status Reported → Remediated.` or `Status stays Reported: 1 of 2 linked work items still open.`
    static func outcome(from: VulnerabilityStatus, to: VulnerabilityStatus?, reason: String?) -> String {
        if let to {
            return "Status \(from.rawValue) → \(to.rawValue)."
        }
        return "Status stays \(from.rawValue): \(reason ?? "nothing to change")."
    }
}
