import JSON

/// How one message ended, reported to `RPCSession.onCallCompleted` for the server's request log.
public struct CallOutcome {
    /// The method, or `nil` for a message that never named a valid one (parse errors, invalid requests).
    public let method: String?
    /// The request id; `nil` for notifications and for messages without a usable id.
    public let id: JSONValue?
    /// `nil` when the call succeeded.
    public let error: RPCError?
    /// What the handler actually threw when the caller was told INTERNAL, for the server log only.
    public let internalCause: (any Error)?
    public let durationNanoseconds: UInt64

    /// `OK` or the error's status.
    public var status: Status { error?.status ?? .ok }
}
