import JSON

/// The envelope of one request or notification, checked against JSON-RPC 2.0 before dispatch.
struct IncomingRequest {
    let method: String
    /// `nil` for a notification; `.null` is a request whose id is null.
    let id: JSONValue?
    let params: JSONValue?

    /// A message that is not a valid request object, with the id to answer under (`null` when unusable).
    struct Invalid: Error {
        let error: RPCError
        let replyID: JSONValue
    }

    /// Reads the envelope in one pass over the members.
    static func read(_ message: JSONValue) -> Result<IncomingRequest, Invalid> {
        guard case .object(let object) = message else {
            return .failure(Invalid(error: .invalidRequest("a request must be a JSON object"), replyID: .null))
        }

        var version: JSONValue?
        var method: JSONValue?
        var id: JSONValue?
        var params: JSONValue?
        for member in object.members {
            switch member.key {
            case "jsonrpc": version = member.value
            case "method": method = member.value
            case "id": id = member.value
            case "params": params = member.value
            default: continue
            }
        }

        if let id {
            switch id {
            case .string, .number, .null: break
            default:
                let error = RPCError.invalidRequest("id must be a string, a number or null")
                return .failure(Invalid(error: error, replyID: .null))
            }
        }
        let replyID = id ?? .null
        guard case .string("2.0") = version else {
            let error = RPCError.invalidRequest(#"the member "jsonrpc" must be exactly "2.0""#)
            return .failure(Invalid(error: error, replyID: replyID))
        }
        guard case .string(let methodName) = method else {
            return .failure(Invalid(error: .invalidRequest(#"the member "method" must be a string"#), replyID: replyID))
        }
        switch params {
        case nil, .object, .array: break
        default:
            return .failure(Invalid(error: .invalidRequest("params must be an object when present"), replyID: replyID))
        }
        return .success(IncomingRequest(method: methodName, id: id, params: params))
    }
}
