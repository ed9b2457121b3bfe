/// The version `--version` prints and the start log line carries.
enum TrackerBridgeVersion {
    static let current = "0.1.0"
}
