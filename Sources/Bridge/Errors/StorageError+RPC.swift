import JSONRPC
import Storage

/// Storage failures as callers see them: the safe message and the status; the SQL detail stays in the log.
extension StorageError: RPCErrorConvertible {
    public var rpcError: RPCError {
        let status = Status(name: statusName) ?? .internal
        return RPCError(status, message, retryable: retryable ? true : nil)
    }
}
