import Foundation
import Logging

let parser = CommandLineParser(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment
)

let command: Command
do {
    command = try parser.parse()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

switch command {
case .help:
    print(Usage.text)
case .version:
    print("tracker-bridge \(TrackerBridgeVersion.current)")
case .serve(let options):
    exit(ServeCommand(options: options).run())
}
