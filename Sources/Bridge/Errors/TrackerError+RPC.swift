import JSONRPC
import Tracker

/// Tracker failures as callers see them: the same status, the administrator-facing message, and what the
/// tracker said in `data.upstream` (already free of secrets).
extension TrackerError: RPCErrorConvertible {
    public var rpcError: RPCError {
        let upstreamFailure = upstream.map {
            UpstreamFailure(httpStatus: $0.httpStatus, message: $0.message, typeKey: $0.typeKey)
        }
        return RPCError(
            Status(name: status.name) ?? .internal, message, retryable: retryable ? true : nil,
            retryAfterMs: retryAfterMs, upstream: upstreamFailure
        )
    }
}
