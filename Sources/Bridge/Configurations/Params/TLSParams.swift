import Domain
import Foundation

/// `tls {caFile?, insecureSkipVerify?}` as given; members left out keep their stored values.
struct TLSParams {
    static let maximumPathLength = 4_096

    var caFile: FieldValue<String>
    var insecureSkipVerify: FieldValue<Bool>

    init(reading reader: ParamsReader) {
        caFile = reader.string("caFile", maxLength: TLSParams.maximumPathLength)
        if let path = caFile.given, let problem = TLSParams.caFileProblem(path) {
            reader.violation("caFile", problem)
            caFile = .absent
        }
        insecureSkipVerify = reader.bool("insecureSkipVerify")
        reader.rejectUnknownMembers()
    }

    func apply(to settings: inout TLSSettings) {
        caFile.apply(to: &settings.caFile)
        insecureSkipVerify.apply(to: &settings.insecureSkipVerify, default: false)
    }

    /// The CA file is read by libcurl on every request: it must exist now, as an absolute path, so a typo
    /// shows up here rather than as a TLS failure later.
    private static func caFileProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "must be an absolute path" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return "names no file: give the path of a PEM file with the CA certificates"
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return "cannot be read by the service: check the file's permissions"
        }
        return nil
    }
}
