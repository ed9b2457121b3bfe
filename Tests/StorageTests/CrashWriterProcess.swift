import Testing

/// The writer side of the crash test: it runs only in the child process that `CrashSafetyTests` starts.
@Suite("Crash writer process")
struct CrashWriterProcess {
    @Test("writes batches until killed", .enabled(if: CrashWriterFiles.fromEnvironment != nil))
    func writeUntilKilled() throws {
        let files = try #require(CrashWriterFiles.fromEnvironment)
        try CrashWriter(files: files).run()
    }
}
