import CCurl
import Foundation

/// One request in flight: owns its libcurl easy handle, header list and error buffer, and collects the
/// response as libcurl delivers it. Loop-confined.
final class HTTPTransfer {
    let id: HTTPRequestID
    let request: HTTPRequest
    let easy: UnsafeMutableRawPointer
    let endpoint: String
    let startedAt: UInt64
    private let completion: (Result<HTTPResponse, HTTPError>) -> Void
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var responseHeaders = HTTPHeaders()
    private var responseBody: [UInt8] = []
    private var bodyTooLarge = false
    private var completed = false

    /// Makes and configures the easy handle. Throws when the request cannot be expressed to libcurl.
    init(
        id: HTTPRequestID, request: HTTPRequest, endpoint: String, startedAt: UInt64,
        completion: @escaping (Result<HTTPResponse, HTTPError>) -> Void
    ) throws {
        guard let easy = curl_easy_init() else {
            throw HTTPError(kind: .other, message: "curl_easy_init failed (out of memory?)", endpoint: endpoint)
        }
        self.id = id
        self.request = request
        self.easy = easy
        self.endpoint = endpoint
        self.startedAt = startedAt
        self.completion = completion
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure()
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Hands the outcome to the caller once; later calls are ignored.
    func complete(_ result: Result<HTTPResponse, HTTPError>) {
        guard !completed else { return }
        completed = true
        completion(result)
    }

    /// Turns libcurl's result code for this transfer into a response or an error.
    func outcome(of code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var response = HTTPResponse(
            status: status, headers: responseHeaders, body: responseBody,
            effectiveURL: stringInfo(CURLINFO_EFFECTIVE_URL) ?? request.url, redirectLocation: nil
        )
        if (300..<400).contains(status) {
            response.redirectLocation = stringInfo(CURLINFO_REDIRECT_URL) ?? responseHeaders["Location"]
        }
        return .success(response)
    }

    func error(for code: CURLcode) -> HTTPError {
        var osErrno = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
        let detail = String(cString: errorBuffer)
        let message: String
        if bodyTooLarge {
            message = "the response body is larger than \(request.maximumResponseBytes) bytes"
        } else {
            message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        }
        return HTTPError(
            kind: HTTPError.kind(of: code, bodyTooLarge: bodyTooLarge), curlCode: Int32(code.rawValue),
            message: message, systemErrno: Int32(osErrno), endpoint: endpoint
        )
    }

    private func stringInfo(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ccurl_easy_getinfo_string(easy, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    // MARK: - Collecting the response

    /// Appends body bytes; returns false (which makes libcurl stop) once the body passes its cap.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= request.maximumResponseBytes else {
            bodyTooLarge = true
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    /// Takes one raw header line. A status line starts a new response (after a 1xx or a followed redirect).
    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            responseHeaders = HTTPHeaders()
            responseBody.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        responseHeaders.add(name: name, value: value)
    }

    // MARK: - Configuring the easy handle

    private func configure() throws {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, string: request.url)
        try set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https")
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        if request.sendOnce {
            try set(CURLOPT_FRESH_CONNECT, 1)
            try set(CURLOPT_FORBID_REUSE, 1)
        }
        try set(CURLOPT_ACCEPT_ENCODING, string: "")
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(clamping: request.connectTimeoutMilliseconds))
        try set(CURLOPT_TIMEOUT_MS, Int(clamping: request.totalTimeoutMilliseconds))
        try configureRedirects()
        try configureMethodAndBody()
        try configureHeaders()
        try configureCredentials()
        try configureTLS()
        try configureCallbacks()
    }

    private func configureRedirects() throws {
        try set(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        try set(CURLOPT_MAXREDIRS, request.maximumRedirects)
        // Credentials stay with the original host; libcurl also drops them on a change of port or scheme.
        try set(CURLOPT_UNRESTRICTED_AUTH, 0)
    }

    private func configureMethodAndBody() throws {
        let method = request.method.uppercased()
        switch (method, request.body) {
        case ("GET", nil):
            try set(CURLOPT_HTTPGET, 1)
        case ("HEAD", nil):
            try set(CURLOPT_NOBODY, 1)
        case (_, let body?):
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count))
            // COPYPOSTFIELDS copies `POSTFIELDSIZE` bytes, so the body may contain NUL bytes.
            let copied = body.isEmpty ? [0] : body
            try copied.withUnsafeBytes { bytes in
                let start = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                try check(ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, start), "COPYPOSTFIELDS")
            }
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: method) }
        case ("POST", nil):
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: 0)
            try set(CURLOPT_COPYPOSTFIELDS, string: "")
        default:
            try set(CURLOPT_CUSTOMREQUEST, string: method)
        }
    }

    private func configureHeaders() throws {
        var lines = [String]()
        for (name, value) in request.headers {
            guard isHeaderToken(name), !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw HTTPError(
                    kind: .protocol, message: "header \(name.debugDescription) has a character HTTP forbids",
                    endpoint: endpoint
                )
            }
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        // libcurl would otherwise wait for "100 Continue" before sending a large body.
        if !request.headers.contains(name: "Expect") { lines.append("Expect:") }
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw HTTPError(kind: .other, message: "curl_slist_append failed (out of memory?)", endpoint: endpoint)
            }
            headerList = extended
        }
        try check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    private func configureCredentials() throws {
        guard let credentials = request.credentials else { return }
        try set(CURLOPT_HTTPAUTH, CCURL_AUTH_BASIC)
        try set(CURLOPT_USERNAME, string: credentials.username)
        try set(CURLOPT_PASSWORD, string: credentials.password)
    }

    private func configureTLS() throws {
        if let caFile = request.tls.caFile { try set(CURLOPT_CAINFO, string: caFile) }
        let verify = request.tls.insecureSkipVerify ? 0 : 1
        try set(CURLOPT_SSL_VERIFYPEER, verify)
        try set(CURLOPT_SSL_VERIFYHOST, verify == 1 ? 2 : 0)
    }

    private func configureCallbacks() throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            let accepted = transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length))
            return accepted ? length : 0
        }), "WRITEFUNCTION")
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(ccurl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }), "HEADERFUNCTION")
        try set(CURLOPT_HEADERDATA, pointer: context)
    }

    private func isHeaderToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 32 && byte < 127 && byte != UInt8(ascii: ":")
        }
    }

    // MARK: - Typed setters

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_easy_setopt_long(easy, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, string value: String) throws {
        try check(ccurl_easy_setopt_string(easy, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer) throws {
        try check(ccurl_easy_setopt_pointer(easy, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, offset value: curl_off_t) throws {
        try check(ccurl_easy_setopt_offset(easy, option, value), "option \(option.rawValue)")
    }

    private func check(_ code: CURLcode, _ what: String) throws {
        guard code != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(code))
        let kind: HTTPError.Kind = code == CURLE_UNSUPPORTED_PROTOCOL ? .protocol : .other
        throw HTTPError(
            kind: kind, curlCode: Int32(code.rawValue), message: "libcurl refused \(what): \(reason)",
            endpoint: endpoint
        )
    }
}
