import JSON

/// Writes the messages a session sends, straight into bytes.
enum ReplyWriter {
    static func writeResult(id: JSONValue, result: JSONValue, into buffer: inout [UInt8]) {
        JSONWriter.appendLiteral(#"{"jsonrpc":"2.0","id":"#, to: &buffer)
        JSONWriter.write(id, into: &buffer)
        JSONWriter.appendLiteral(#","result":"#, to: &buffer)
        JSONWriter.write(result, into: &buffer)
        buffer.append(UInt8(ascii: "}"))
    }

    static func writeError(id: JSONValue, error: RPCError, into buffer: inout [UInt8]) {
        JSONWriter.appendLiteral(#"{"jsonrpc":"2.0","id":"#, to: &buffer)
        JSONWriter.write(id, into: &buffer)
        JSONWriter.appendLiteral(#","error":{"code":"#, to: &buffer)
        buffer.append(contentsOf: String(error.code).utf8)
        JSONWriter.appendLiteral(#","message":"#, to: &buffer)
        JSONWriter.writeString(error.message, into: &buffer)
        JSONWriter.appendLiteral(#","data":"#, to: &buffer)
        JSONWriter.write(error.data, into: &buffer)
        JSONWriter.appendLiteral("}}", to: &buffer)
    }

    static func writeNotification(method: String, params: JSONValue, into buffer: inout [UInt8]) {
        JSONWriter.appendLiteral(#"{"jsonrpc":"2.0","method":"#, to: &buffer)
        JSONWriter.writeString(method, into: &buffer)
        JSONWriter.appendLiteral(#","params":"#, to: &buffer)
        JSONWriter.write(params, into: &buffer)
        buffer.append(UInt8(ascii: "}"))
    }
}
