import Foundation

/// Where the crash test's child writes: the database, its key and the acknowledgement log.
struct CrashWriterFiles {
    static let environmentKey = "STORAGE_TESTS_CRASH_WRITER_DIRECTORY"

    static var fromEnvironment: CrashWriterFiles? {
        ProcessInfo.processInfo.environment[environmentKey].map(CrashWriterFiles.init(directory:))
    }

    let directory: String
    var database: String { directory + "/bridge.sqlite3" }
    var key: String { directory + "/bridge.key" }
    var acknowledgements: String { directory + "/acknowledged.log" }

    /// The batches whose commit returned before the writer logged them (complete lines only).
    func acknowledgedBatches() throws -> Set<Int> {
        guard let data = FileManager.default.contents(atPath: acknowledgements) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return Set(lines.compactMap { Int($0) })
    }
}
