import CHTTPParser

/// Turns the bytes of one connection into requests, one at a time, with Node's http-parser.
///
/// After a complete request the parser pauses, so bytes of a pipelined next request stay with the caller
/// until it calls `resume()`. The C parser's `data` pointer refers to `self` only while `parse` runs; no
/// pointer leaves this type. Not thread-safe: used by one connection on the loop thread.
final class HTTPRequestParser {
    /// What one call to `parse` produced.
    enum Outcome {
        /// Every byte was consumed and no request is complete yet.
        case needsMoreInput
        /// A complete request; `consumed` bytes belong to it (the rest to later requests).
        case request(HTTPServerRequest, keepAlive: Bool, consumed: Int)
        /// The input cannot be served; the connection answers with `status` and closes.
        case failed(status: Int, reason: String)
    }

    let maximumBodyBytes: Int
    let connectionID: Int
    private let parser: UnsafeMutablePointer<http_parser>

    // The message being assembled.
    private var url: [UInt8] = []
    private var headerFields: [(name: String, value: String)] = []
    private var fieldName: [UInt8] = []
    private var fieldValue: [UInt8] = []
    private var readingValue = false
    private var body: [UInt8] = []
    private var completed: HTTPServerRequest?
    private var completedKeepAlive = true
    private var failure: (status: Int, reason: String)?
    /// Set when a request announced `Expect: 100-continue`; the connection answers it and clears the flag.
    private(set) var expectsContinue = false

    init(maximumBodyBytes: Int, connectionID: Int) {
        self.maximumBodyBytes = maximumBodyBytes
        self.connectionID = connectionID
        parser = .allocate(capacity: 1)
        http_parser_init(parser, HTTP_REQUEST)
    }

    deinit {
        parser.deallocate()
    }

    /// Feeds bytes to the parser. Stops after the first complete request.
    func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard failure == nil else { return .failed(status: failure!.status, reason: failure!.reason) }
        parser.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        defer { parser.pointee.data = nil }

        let consumed = withUnsafePointer(to: HTTPRequestParser.settings) { settings in
            http_parser_execute(parser, settings, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }

        if let request = completed {
            completed = nil
            return .request(request, keepAlive: completedKeepAlive, consumed: consumed)
        }
        let errno = chttp_parser_errno(parser)
        if errno != HPE_OK {
            let reported = failure ?? HTTPRequestParser.failure(for: errno)
            failure = reported
            return .failed(status: reported.status, reason: reported.reason)
        }
        return .needsMoreInput
    }

    /// Lets the parser continue after a complete request.
    func resume() {
        http_parser_pause(parser, 0)
    }

    func continueWasAnswered() {
        expectsContinue = false
    }

    /// Whether some bytes of an unfinished request have been seen.
    private(set) var isInsideMessage = false
    /// Whether a request has begun and its head (request line and headers) is not complete yet.
    private(set) var isReadingHead = false

    private static func failure(for errno: http_errno) -> (status: Int, reason: String) {
        let description = String(cString: http_errno_description(errno))
        if errno == HPE_HEADER_OVERFLOW { return (431, description) }
        return (400, description)
    }

    // MARK: Callbacks, reached through the C function pointers below.

    fileprivate func messageBegan() {
        isInsideMessage = true
        isReadingHead = true
        url.removeAll(keepingCapacity: true)
        headerFields.removeAll()
        fieldName.removeAll(keepingCapacity: true)
        fieldValue.removeAll(keepingCapacity: true)
        readingValue = false
        body = []
    }

    fileprivate func appendURL(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        url.append(contentsOf: bytes)
        return 0
    }

    fileprivate func appendFieldName(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if readingValue { finishField() }
        fieldName.append(contentsOf: bytes)
        return 0
    }

    fileprivate func appendFieldValue(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        readingValue = true
        fieldValue.append(contentsOf: bytes)
        return 0
    }

    private func finishField() {
        headerFields.append((
            name: String(decoding: fieldName, as: UTF8.self),
            value: String(decoding: fieldValue, as: UTF8.self)
        ))
        fieldName.removeAll(keepingCapacity: true)
        fieldValue.removeAll(keepingCapacity: true)
        readingValue = false
    }

    fileprivate func headersCompleted() -> Int32 {
        isReadingHead = false
        if readingValue || !fieldName.isEmpty { finishField() }

        // A declared length over the limit is refused before any of the body is read.
        if chttp_parser_has_content_length(parser) != 0 && parser.pointee.content_length > UInt64(maximumBodyBytes) {
            failure = (413, "the request body of \(parser.pointee.content_length) bytes exceeds the limit of "
                + "\(maximumBodyBytes) bytes")
            return -1
        }
        let expectation = headerFields.first { $0.name.lowercased() == "expect" }?.value
        if expectation?.lowercased() == "100-continue", parser.pointee.http_minor >= 1 {
            expectsContinue = true
        }
        return 0
    }

    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard body.count + bytes.count <= maximumBodyBytes else {
            failure = (413, "the request body exceeds the limit of \(maximumBodyBytes) bytes")
            return -1
        }
        body.append(contentsOf: bytes)
        return 0
    }

    fileprivate func messageCompleted() -> Int32 {
        let method = String(cString: chttp_parser_method_name(parser))
        completed = HTTPServerRequest(
            method: method,
            target: String(decoding: url, as: UTF8.self),
            headers: HTTPHeaders(headerFields.map { ($0.name, $0.value) }),
            body: body,
            versionMajor: Int(parser.pointee.http_major),
            versionMinor: Int(parser.pointee.http_minor),
            connectionID: connectionID
        )
        completedKeepAlive = http_should_keep_alive(parser) != 0 && chttp_parser_is_upgrade(parser) == 0
        expectsContinue = false
        isInsideMessage = false
        body = []
        http_parser_pause(parser, 1)
        return 0
    }

    // MARK: The C side.

    private static func owner(_ parser: UnsafeMutablePointer<http_parser>?) -> HTTPRequestParser? {
        guard let data = parser?.pointee.data else { return nil }
        return Unmanaged<HTTPRequestParser>.fromOpaque(data).takeUnretainedValue()
    }

    private static func buffer(_ at: UnsafePointer<CChar>?, _ length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: at, count: at == nil ? 0 : length)
    }

    private static let settings: http_parser_settings = {
        var settings = http_parser_settings()
        http_parser_settings_init(&settings)
        settings.on_message_begin = { parser in
            HTTPRequestParser.owner(parser)?.messageBegan()
            return 0
        }
        settings.on_url = { parser, at, length in
            HTTPRequestParser.owner(parser)?.appendURL(HTTPRequestParser.buffer(at, length)) ?? -1
        }
        settings.on_header_field = { parser, at, length in
            HTTPRequestParser.owner(parser)?.appendFieldName(HTTPRequestParser.buffer(at, length)) ?? -1
        }
        settings.on_header_value = { parser, at, length in
            HTTPRequestParser.owner(parser)?.appendFieldValue(HTTPRequestParser.buffer(at, length)) ?? -1
        }
        settings.on_headers_complete = { parser in
            HTTPRequestParser.owner(parser)?.headersCompleted() ?? -1
        }
        settings.on_body = { parser, at, length in
            HTTPRequestParser.owner(parser)?.appendBody(HTTPRequestParser.buffer(at, length)) ?? -1
        }
        settings.on_message_complete = { parser in
            HTTPRequestParser.owner(parser)?.messageCompleted() ?? -1
        }
        return settings
    }()
}
