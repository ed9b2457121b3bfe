/// `reportVulnerabilities` result: how many findings were new, how many known, and how many automatic
/// tickets the new ones queued.
struct ReportVulnerabilitiesResult: Encodable {
    var created: Int
    var updated: Int
    var autoTicketsQueued: Int
}
