/// An error type that knows which `RPCError` a caller should see for it.
///
/// Library errors (SQLite, HTTP, tracker) adopt this in one place so that handlers can simply `throw` them;
/// any other error reaches the caller as INTERNAL without its text.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    public var rpcError: RPCError { self }
}
