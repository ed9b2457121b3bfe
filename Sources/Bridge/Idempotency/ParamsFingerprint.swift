import Crypto
import JSON

/// A digest of a call's params that ignores member order, so that the same params sent again with their
/// members reordered count as the same call. Only the digest is stored, never the params.
enum ParamsFingerprint {
    static func of(method: String, params: JSONValue) throws -> String {
        var bytes = Array(method.utf8)
        bytes.append(0)
        JSONWriter.write(canonical(params), into: &bytes)
        return try Digest.sha256Hex(bytes)
    }

    /// The value with every object's members sorted by key.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let sorted = object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(JSONObject(sorted.map { JSONObject.Member(key: $0.key, value: canonical($0.value)) }))
        case .array(let elements):
            return .array(elements.map(canonical))
        default:
            return value
        }
    }
}
