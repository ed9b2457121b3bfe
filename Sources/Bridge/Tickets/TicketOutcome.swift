import JSONRPC
import Storage

/// How the attempt to give a pending ticket its work item ended.
enum TicketOutcome {
    /// The work item exists and the ticket records it (created now, or adopted by its marker).
    case created(StoredTicket)
    /// The tracker refused it; the ticket is recorded as failed with the reason.
    case failed(RPCError)
    /// Whether the tracker created the work item is not known yet; the ticket stays pending and its resume
    /// job settles it later (adopting the work item by its marker, or creating it).
    case unresolved(RPCError)

    var error: RPCError? {
        switch self {
        case .created: nil
        case .failed(let error), .unresolved(let error): error
        }
    }
}
