import JSON
import Testing

/// Checks that `reply` is an error answer with this id, code and `data.status`.
func expectError(
    _ reply: JSONValue?, id: JSONValue, code: Int, status: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply?["jsonrpc"] == "2.0", sourceLocation: sourceLocation)
    #expect(reply?["id"] == id, sourceLocation: sourceLocation)
    #expect(reply?["error"]?["code"]?.intValue == code, sourceLocation: sourceLocation)
    #expect(reply?["error"]?["data"]?["status"]?.stringValue == status, sourceLocation: sourceLocation)
    #expect(reply?["error"]?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(reply?["result"] == nil, sourceLocation: sourceLocation)
}

/// Checks that `reply` is a result answer with this id and result.
func expectResult(
    _ reply: JSONValue?, id: JSONValue, result: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply == ["jsonrpc": "2.0", "id": id, "result": result], sourceLocation: sourceLocation)
}

/// The replies of a batch, by id, so that their order does not matter.
func repliesByID(_ batch: JSONValue) -> [JSONValue: JSONValue] {
    var replies: [JSONValue: JSONValue] = [:]
    for reply in batch.arrayValue ?? [] {
        replies[reply["id"] ?? .null] = reply
    }
    return replies
}

/// One request line: `{"jsonrpc":"2.0","method":..,"params":..,"id":..}`; `id: nil` makes a notification.
/// `params` and `id` are JSON text.
func request(_ method: String, _ params: String? = nil, id: String? = "1") -> String {
    var text = #"{"jsonrpc":"2.0","method":"\#(method)""#
    if let params { text += #","params":\#(params)"# }
    if let id { text += #","id":\#(id)"# }
    return text + "}"
}
