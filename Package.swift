// swift-tools-version:6.0
import PackageDescription

// Modules by layer: C shims -> thin Swift wrappers (one per C library) -> protocol engines ->
// tracker client and storage -> the bridge's domain services -> executables.

// The request hot path (JSON, JSONRPC, RPCServer, EventLoop) skips the runtime exclusivity checks in release
// builds: they cost about a tenth of the instructions per health.check (Benchmarks/instructions); debug
// builds, and so the tests, keep them. Allowed because this is the root package, never a dependency.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "TrackerBridge",
    products: [
        .executable(name: "tracker-bridge", targets: ["tracker-bridge"]),
        .executable(name: "azure-devops-simulator", targets: ["azure-devops-simulator"]),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift module below.
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CHTTPParser", providers: [.apt(["libhttp-parser-dev"])]),

        // Foundations with no I/O.
        .target(name: "Logging"),
        .target(name: "JSON", swiftSettings: hotPathSettings),
        .target(name: "JSONRPC", dependencies: ["JSON"], swiftSettings: hotPathSettings),
        .target(name: "Domain"),

        // One wrapper per C library.
        .target(name: "EventLoop", dependencies: ["CLibUV", "Logging"], swiftSettings: hotPathSettings),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "HTTP", dependencies: ["EventLoop", "CCurl", "CHTTPParser", "Logging"]),

        // Services built on the wrappers.
        .target(
            name: "RPCServer", dependencies: ["EventLoop", "JSONRPC", "JSON", "Logging"], swiftSettings: hotPathSettings
        ),
        .target(name: "Storage", dependencies: ["SQLite", "Crypto", "Domain", "JSON", "Logging"]),
        .target(name: "Tracker", dependencies: ["HTTP", "JSON", "Domain", "Logging"]),
        .target(name: "Simulator", dependencies: ["HTTP", "EventLoop", "JSON", "Logging"], exclude: ["README.md"]),
        .target(
            name: "Bridge",
            dependencies: ["RPCServer", "JSONRPC", "Storage", "Tracker", "HTTP", "Crypto", "Domain", "JSON", "Logging"]
        ),

        // Executables.
        .executableTarget(
            name: "tracker-bridge",
            dependencies: ["Bridge", "Storage", "RPCServer", "JSONRPC", "JSON", "EventLoop", "Logging"]
        ),
        .executableTarget(name: "azure-devops-simulator", dependencies: ["Simulator", "EventLoop", "Logging"]),

        // Tests: one target per module, plus end-to-end tests that start the real binaries.
        .target(name: "TestSupport", dependencies: ["JSON", "EventLoop"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "JSON"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "SQLite", "Crypto", "Domain", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "EventLoop", "TestSupport"]),
        .testTarget(name: "TrackerTests", dependencies: ["Tracker", "Simulator", "HTTP", "EventLoop", "TestSupport"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TestSupport", "JSON", "tracker-bridge", "azure-devops-simulator"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
