import Foundation
import TestSupport

/// Runs `Schema/check-contract`, the python3 script that validates the OpenRPC document and transcripts.
enum ContractCheck {
    static var script: String {
        get throws { try BuiltProducts.packageRoot + "/Schema/check-contract" }
    }

    static var documentPath: String {
        get throws { try BuiltProducts.packageRoot + "/Schema/tracker-bridge.openrpc.json" }
    }

    /// `check-contract arguments…`; its last line is "contract: N passed, M failed".
    static func run(_ arguments: [String]) throws -> ProcessOutcome {
        let directory = try TemporaryDirectory(prefix: "tb-contract")
        return try ChildProcess.run(try script, arguments, in: directory, timeout: 300)
    }
}
