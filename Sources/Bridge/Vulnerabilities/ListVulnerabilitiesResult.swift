import Domain

/// `listVulnerabilities` result: one page, and the cursor of the next when there is one.
struct ListVulnerabilitiesResult: Encodable {
    var vulnerabilities: [Vulnerability]
    var nextCursor: String?
}
