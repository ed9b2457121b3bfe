import JSONRPC

/// Builds the router: every method of the product, in one place.
///
/// `RPCServer` adds the protocol's own methods (`rpc.discover`, `health.check`). The domain methods
/// (configurations, vulnerabilities, tickets, webhooks) are registered here by the Bridge module's services
/// as they are added.
enum MethodTable {
    static func makeRouter() -> Router {
        Router()
    }
}
