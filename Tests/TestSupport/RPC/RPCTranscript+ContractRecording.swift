import Foundation
import JSON

/// Saving transcripts for the contract check that runs after the test suite (`Schema/check-contract`).
///
/// When `TRACKER_BRIDGE_TRANSCRIPTS` names a folder, every `TrackerBridgeServer` writes its transcript there
/// when it is released, as one JSON Lines file of its own: tests that run in parallel never share a file,
/// and each file appears whole (written aside, then renamed). `Scripts/test` sets the variable and checks
/// the folder once every test has finished.
extension RPCTranscript {
    /// The environment variable naming the folder transcripts are saved in; unset, nothing is saved.
    public static let recordingFolderVariable = "TRACKER_BRIDGE_TRANSCRIPTS"

    /// The folder to save into, if the run asked for transcripts.
    public static var recordingFolder: String? {
        guard let folder = ProcessInfo.processInfo.environment[recordingFolderVariable], !folder.isEmpty else {
            return nil
        }
        return folder
    }

    /// One line per exchange and per server notification, in the shape `Schema/check-contract` reads.
    public var jsonLines: String {
        var lines: [String] = []
        for exchange in exchanges {
            let entry: JSONObject = [
                "kind": "exchange", "method": .string(exchange.method), "request": exchange.request,
                "reply": exchange.reply ?? .null,
            ]
            lines.append(JSONWriter.string(.object(entry)))
        }
        for notification in serverNotifications {
            lines.append(JSONWriter.string(.object(["kind": "serverNotification", "message": notification])))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Writes the transcript to `path` whole: to a file beside it first, then renamed into place.
    public func write(to path: String) throws {
        let partial = "\(path).partial"
        guard FileManager.default.createFile(atPath: partial, contents: Data(jsonLines.utf8)) else {
            throw TestSupportError("cannot write the transcript to \(partial)")
        }
        guard rename(partial, path) == 0 else {
            throw TestSupportError("cannot rename \(partial) to \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Saves the transcript into `recordingFolder` under a name no other server of this run uses; does
    /// nothing when no folder is set or nothing was exchanged. A failure is printed, not thrown: it must not
    /// fail the test that happened to release the server.
    public func saveForContractCheck(label: String) {
        guard let folder = RPCTranscript.recordingFolder, !exchanges.isEmpty || !serverNotifications.isEmpty else {
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let name = "\(label)-\(getpid())-\(UUID().uuidString.prefix(8)).jsonl"
            try write(to: "\(folder)/\(name)")
        } catch {
            FileHandle.standardError.write(Data("transcript for the contract check not saved: \(error)\n".utf8))
        }
    }
}
