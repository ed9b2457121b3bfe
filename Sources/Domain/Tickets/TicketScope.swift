/// What one work item carries: one vulnerability, or several (bulk) whose status it moves together.
public enum TicketScope: Sendable, Equatable {
    case single(Vulnerability)
    case bulk([Vulnerability])

    public var vulnerabilities: [Vulnerability] {
        switch self {
        case .single(let vulnerability): [vulnerability]
        case .bulk(let vulnerabilities): vulnerabilities
        }
    }
}
