import Foundation

/// Finds `Schema/tracker-bridge.openrpc.json`, the document `rpc.discover` serves.
///
/// In order: the `--schema` path; the package the binary was built in (walking up from the executable,
/// which SwiftPM puts under `<package>/.build/<triple>/<config>/`); the working directory. So the server
/// finds its contract from any working directory as long as it runs from its build folder, and an installed
/// copy passes `--schema`.
struct OpenRPCDocumentLocator {
    static let relativePath = "Schema/tracker-bridge.openrpc.json"

    /// How many folders above the executable are searched; the build folder sits four levels deep.
    static let searchDepth = 6

    let explicitPath: String?

    func locate() throws -> String {
        if var explicitPath {
            // A folder (e.g. the package's Schema/) means the document inside it.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: explicitPath, isDirectory: &isDirectory), isDirectory.boolValue {
                explicitPath += "/" + (OpenRPCDocumentLocator.relativePath as NSString).lastPathComponent
            }
            guard FileManager.default.isReadableFile(atPath: explicitPath) else {
                throw StartupError("cannot read the OpenRPC document given with --schema: \(explicitPath)")
            }
            return explicitPath
        }

        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = (executable as NSString).deletingLastPathComponent
            for _ in 0..<OpenRPCDocumentLocator.searchDepth where folder != "/" {
                candidates.append("\(folder)/\(OpenRPCDocumentLocator.relativePath)")
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        candidates.append("\(FileManager.default.currentDirectoryPath)/\(OpenRPCDocumentLocator.relativePath)")

        guard let found = candidates.first(where: FileManager.default.isReadableFile(atPath:)) else {
            throw StartupError(
                "cannot find \(OpenRPCDocumentLocator.relativePath) near the executable or in the working "
                    + "directory: pass --schema PATH"
            )
        }
        return found
    }
}
