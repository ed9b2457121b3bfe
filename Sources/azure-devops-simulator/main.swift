import EventLoop
import Foundation
import Logging
import Simulator

// azure-devops-simulator: a simulated Azure DevOps collection on loopback for tests and demos.
// The first line on stdout is `listening HOST:PORT`, so a test that asked for port 0 learns the port.

let parsed: (SimulatorConfiguration, logLevel: String)
do {
    parsed = try SimulatorOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("azure-devops-simulator: \(error)\n".utf8))
    exit(2)
}
let (configuration, logLevelName) = parsed
guard let logLevel = LogLevel(name: logLevelName) else {
    let levels = LogLevel.allCases.map(\.name).joined(separator: ", ")
    let message = "azure-devops-simulator: --log-level \(logLevelName): use one of \(levels)\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(2)
}
LogSink.standardError.minimumLevel = logLevel
let logger = Logger(label: "simulator")

do {
    let loop = try EventLoop()
    let simulator = try AzureDevOpsSimulator(loop: loop, configuration: configuration, logger: logger)
    print("listening \(simulator.listeningAddress)")
    print("collection \(simulator.collectionURL)")
    fflush(stdout)
    logger.info("simulator started", [
        "listen": simulator.listeningAddress, "process": configuration.process.rawValue,
        "projects": configuration.projectCount, "tokens": configuration.accessTokens.count,
    ])

    var watchers: [SignalWatcher] = []
    for signal in [SIGINT, SIGTERM] {
        watchers.append(try SignalWatcher(loop: loop, signal: signal) {
            logger.info("simulator stopping", ["signal": signal])
            simulator.close()
            for watcher in watchers { watcher.close() }
            loop.stop()
        })
    }
    loop.run()
} catch {
    logger.error("simulator could not start", ["error": "\(error)"])
    FileHandle.standardError.write(Data("azure-devops-simulator: \(error)\n".utf8))
    exit(1)
}
