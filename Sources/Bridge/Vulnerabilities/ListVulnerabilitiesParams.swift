import Domain
import JSONRPC
import Storage

/// `listVulnerabilities` params: filters and cursor paging.
struct ListVulnerabilitiesParams: Decodable {
    static let defaultLimit = 100

    var applicationId: String?
    var status: VulnerabilityStatus?
    var tracked: Bool?
    var limit: Int?
    var cursor: String?

    var filter: VulnerabilityFilter {
        VulnerabilityFilter(applicationId: applicationId, status: status, tracked: tracked)
    }

    /// - Throws: INVALID_ARGUMENT for a limit outside 1…1000.
    func pageSize() throws -> Int {
        let limit = limit ?? Self.defaultLimit
        let maximum = VulnerabilityRepository.maximumPageSize
        guard (1...maximum).contains(limit) else {
            throw RPCError.invalidArgument(
                "limit must be between 1 and \(maximum), not \(limit)",
                violations: [FieldViolation(field: "limit", description: "must be between 1 and \(maximum)")]
            )
        }
        return limit
    }
}
