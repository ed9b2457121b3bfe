import JSONRPC

/// A set of related RPC methods (configurations, tickets, two-way…) that registers itself on the router.
protocol MethodGroup {
    func register(on router: inout Router)
}
