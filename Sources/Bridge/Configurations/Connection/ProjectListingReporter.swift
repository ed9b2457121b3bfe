import JSONRPC
import Tracker

/// Tells the caller how far a project listing has come: one `rpc.progress` per page that brought new
/// projects, `progress` being the number listed so far. The empty page that ends a `$skip` listing adds
/// nothing and is not reported, so progress only ever grows. Loop-confined, like the call context.
final class ProjectListingReporter {
    private let context: CallContext
    private var reported = 0

    init(context: CallContext) {
        self.context = context
    }

    func report(_ listing: ProjectListingProgress) {
        guard listing.fetched > reported else { return }
        reported = listing.fetched
        context.reportProgress(progress: Double(listing.fetched), message: "\(listing.fetched) projects listed")
    }
}
