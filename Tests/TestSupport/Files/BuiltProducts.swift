import Foundation

/// Finds the executables SwiftPM built alongside the test bundle.
///
/// `swift test` puts the test bundle and the package's executables in the same `.build/<triple>/<config>/`
/// folder; the `TRACKER_BRIDGE_PRODUCTS` environment variable points somewhere else when needed.
public enum BuiltProducts {
    public static let environmentVariable = "TRACKER_BRIDGE_PRODUCTS"

    /// The folder holding the built executables.
    public static var directory: String {
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return configured
        }
        let testBundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (testBundle as NSString).deletingLastPathComponent
    }

    /// The path of the executable `name`, or an error saying how to build it.
    public static func executable(_ name: String) throws -> String {
        let path = "\(directory)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError(
                "\(name) is not built at \(path): run 'swift build --product \(name)' with the same scratch path "
                    + "and configuration as the tests, or set \(environmentVariable) to the folder that holds it"
            )
        }
        return path
    }

    /// The `tracker-bridge` server.
    public static var trackerBridge: String {
        get throws { try executable("tracker-bridge") }
    }

    /// The tracker simulator.
    public static var azureDevOpsSimulator: String {
        get throws { try executable("azure-devops-simulator") }
    }

    /// The package root (the folder holding `Package.swift`), found by walking up from the products folder.
    public static var packageRoot: String {
        get throws {
            var folder = directory
            while folder != "/" {
                if FileManager.default.fileExists(atPath: "\(folder)/Package.swift") { return folder }
                folder = (folder as NSString).deletingLastPathComponent
            }
            throw TestSupportError("no Package.swift above \(directory): run the tests from the package")
        }
    }
}
