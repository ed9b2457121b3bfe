import Bridge
import JSONRPC

/// Builds the router: every method of the product, in one place.
///
/// `RPCServer` adds the protocol's own methods (`rpc.discover`, `health.check`); the bridge adds the domain
/// methods (configurations, vulnerabilities, tickets, webhooks).
enum MethodTable {
    static func makeRouter(application: BridgeApplication) -> Router {
        var router = Router()
        application.registerMethods(on: &router)
        return router
    }
}
