import CCurl
import EventLoop
import Foundation
import Logging

/// An HTTP/1.1 and HTTPS client on libcurl's multi-socket interface, driven by the event loop.
///
/// libcurl says which sockets to watch (`PollWatcher`s) and when to wake it (`LoopTimer`); the loop calls
/// back into `curl_multi_socket_action`. No thread blocks and nothing polls. Connections are kept in the
/// multi handle's pool and reused across requests to the same host. Loop-confined: call it only on the loop
/// thread (the async `send` from a task whose executor preference is the loop).
public final class HTTPClient {
    public typealias Completion = (Result<HTTPResponse, HTTPError>) -> Void

    public let loop: EventLoop
    /// How many requests were handed to libcurl since the client was made (refused ones are not counted).
    public private(set) var startedRequestCount = 0
    /// Requests handed to libcurl and not finished yet.
    public var activeRequestCount: Int { transfers.count }

    private let logger: Logger
    private var multi: UnsafeMutableRawPointer?
    private let timer: LoopTimer
    private var watchers: [Int32: PollWatcher] = [:]
    private var transfers: [HTTPRequestID: HTTPTransfer] = [:]
    private var transfersByHandle: [UnsafeMutableRawPointer: HTTPTransfer] = [:]
    private var nextRequestNumber = 1
    private var insecureEndpointsWarned: Set<String> = []

    public init(loop: EventLoop, logger: Logger = Logger(label: "http.client")) {
        CurlLibrary.initialize()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.loop = loop
        self.logger = logger
        self.multi = multi
        timer = LoopTimer(loop: loop)
        installMultiCallbacks(multi)
    }

    deinit {
        shutDown()
    }

    /// Cancels every request in flight and releases libcurl's resources. The client refuses requests after.
    public func close() {
        shutDown()
    }

    // MARK: - Sending

    /// Starts a request; `completion` runs on the loop thread exactly once, never before this returns.
    @discardableResult
    public func send(_ request: HTTPRequest, completion: @escaping Completion) -> HTTPRequestID {
        let id = HTTPRequestID(rawValue: nextRequestNumber)
        nextRequestNumber += 1
        let endpoint = HTTPClient.endpoint(of: request.url)
        do {
            let multi = try openMulti(endpoint: endpoint)
            try HTTPClient.validate(request, endpoint: endpoint)
            let transfer = try HTTPTransfer(
                id: id, request: request, endpoint: endpoint, startedAt: loop.nowMilliseconds, completion: completion
            )
            warnIfInsecure(request, endpoint: endpoint)
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                let reason = String(cString: curl_multi_strerror(code))
                throw HTTPError(kind: .other, message: "curl_multi_add_handle failed: \(reason)", endpoint: endpoint)
            }
            transfers[id] = transfer
            transfersByHandle[transfer.easy] = transfer
            startedRequestCount += 1
        } catch {
            let failure = error as? HTTPError ?? HTTPError(kind: .other, message: "\(error)", endpoint: endpoint)
            loop.executeOnLoop { completion(.failure(failure)) }
        }
        return id
    }

    /// Stops a request in flight; its completion gets `HTTPError.Kind.cancelled`. Unknown ids are ignored.
    public func cancel(_ id: HTTPRequestID) {
        guard let transfer = transfers.removeValue(forKey: id) else { return }
        transfersByHandle.removeValue(forKey: transfer.easy)
        if let multi { curl_multi_remove_handle(multi, transfer.easy) }
        logger.debug("request cancelled", ["http.request": id, "http.method": transfer.request.method])
        transfer.complete(.failure(HTTPError(kind: .cancelled, message: "the request was cancelled",
                                             endpoint: transfer.endpoint)))
    }

    /// Sends a request and waits for the response. Cancelling the task removes the request from libcurl and
    /// throws `HTTPError.Kind.cancelled`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        precondition(loop.isInLoopThread, "HTTPClient is loop-confined: call it from a task that prefers the loop")
        let pending = PendingTransfer()
        let client = LoopBound(value: self)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                guard !Task.isCancelled, !pending.cancelRequested else {
                    let endpoint = HTTPClient.endpoint(of: request.url)
                    continuation.resume(throwing: HTTPError(kind: .cancelled, message: "the request was cancelled",
                                                            endpoint: endpoint))
                    return
                }
                pending.id = send(request) { result in continuation.resume(with: result) }
            }
        } onCancel: {
            loop.execute {
                pending.cancelRequested = true
                if let id = pending.id { client.value.cancel(id) }
            }
        }
    }

    // MARK: - Driving libcurl

    private func installMultiCallbacks(_ multi: UnsafeMutableRawPointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = ccurl_multi_setopt_socket_function(multi) { _, socket, what, context, _ in
            guard let context else { return -1 }
            let client = Unmanaged<HTTPClient>.fromOpaque(context).takeUnretainedValue()
            return client.watch(socket: socket, what: what) ? 0 : -1
        }
        _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
        _ = ccurl_multi_setopt_timer_function(multi) { _, timeoutMilliseconds, context in
            guard let context else { return -1 }
            Unmanaged<HTTPClient>.fromOpaque(context).takeUnretainedValue().schedule(after: timeoutMilliseconds)
            return 0
        }
    }

    /// libcurl's socket callback: start, change or stop watching one of its sockets.
    private func watch(socket: Int32, what: Int32) -> Bool {
        if what == CCURL_POLL_REMOVE {
            watchers.removeValue(forKey: socket)?.close()
            return true
        }
        let watcher: PollWatcher
        if let existing = watchers[socket] {
            watcher = existing
        } else {
            do {
                watcher = try PollWatcher(loop: loop, socket: socket)
            } catch {
                logger.error("cannot watch a libcurl socket", ["socket": socket, "error": "\(error)"])
                return false
            }
            watchers[socket] = watcher
        }
        let readable = what == CCURL_POLL_IN || what == CCURL_POLL_INOUT
        let writable = what == CCURL_POLL_OUT || what == CCURL_POLL_INOUT
        watcher.start(readable: readable, writable: writable) { [weak self] readable, writable, status in
            var flags: Int32 = 0
            if readable { flags |= CCURL_CSELECT_IN }
            if writable { flags |= CCURL_CSELECT_OUT }
            if status < 0 { flags |= CCURL_CSELECT_ERR }
            self?.socketAction(socket: socket, flags: flags)
        }
        return true
    }

    /// libcurl's timer callback: wake it after `timeoutMilliseconds`, or never when it is negative.
    private func schedule(after timeoutMilliseconds: Int) {
        guard timeoutMilliseconds >= 0 else {
            timer.stop()
            return
        }
        timer.start(afterMilliseconds: UInt64(timeoutMilliseconds)) { [weak self] in
            self?.socketAction(socket: CCURL_SOCKET_TIMEOUT, flags: 0)
        }
    }

    private func socketAction(socket: Int32, flags: Int32) {
        guard let multi else { return }
        var running: Int32 = 0
        let code = curl_multi_socket_action(multi, socket, flags, &running)
        if code != CURLM_OK {
            logger.error("curl_multi_socket_action failed", ["error": String(cString: curl_multi_strerror(code))])
        }
        finishCompletedTransfers()
    }

    /// Collects every finished transfer first, then completes them, so a completion may start new requests.
    private func finishCompletedTransfers() {
        guard let multi else { return }
        var finished: [(HTTPTransfer, CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            guard let transfer = transfersByHandle.removeValue(forKey: easy) else { continue }
            finished.append((transfer, ccurl_message_result(message)))
        }
        for (transfer, code) in finished {
            transfers.removeValue(forKey: transfer.id)
            curl_multi_remove_handle(multi, transfer.easy)
            let outcome = transfer.outcome(of: code)
            log(transfer, outcome)
            transfer.complete(outcome)
        }
    }

    private func log(_ transfer: HTTPTransfer, _ outcome: Result<HTTPResponse, HTTPError>) {
        let elapsed = loop.nowMilliseconds &- transfer.startedAt
        switch outcome {
        case .success(let response):
            logger.debug("request done", [
                "http.request": transfer.id, "http.method": transfer.request.method, "http.endpoint": transfer.endpoint,
                "http.status": response.status, "duration.ms": elapsed,
            ])
        case .failure(let error):
            logger.debug("request failed", [
                "http.request": transfer.id, "http.method": transfer.request.method, "http.endpoint": transfer.endpoint,
                "http.error": error.kind.rawValue, "curl.code": error.curlCode, "duration.ms": elapsed,
            ])
        }
    }

    // MARK: - Checks and teardown

    private func openMulti(endpoint: String) throws -> UnsafeMutableRawPointer {
        guard let multi else {
            throw HTTPError(kind: .cancelled, message: "the HTTP client was closed", endpoint: endpoint)
        }
        return multi
    }

    /// Refuses what libcurl should never see: other schemes, credentials inside the URL.
    static func validate(_ request: HTTPRequest, endpoint: String) throws {
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else {
            throw HTTPError(
                kind: .protocol,
                message: "only http and https URLs are allowed, not \(schemeForMessage(request.url))",
                endpoint: endpoint
            )
        }
        guard components.user == nil, components.password == nil else {
            throw HTTPError(
                kind: .protocol, message: "the URL carries credentials: pass them as request credentials instead",
                endpoint: endpoint
            )
        }
    }

    private static func schemeForMessage(_ url: String) -> String {
        guard let colon = url.firstIndex(of: ":") else { return "a URL without a scheme" }
        return "\(url[..<colon])://"
    }

    /// `host:port` of a URL, for messages; the port defaults by scheme.
    static func endpoint(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "" }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private func warnIfInsecure(_ request: HTTPRequest, endpoint: String) {
        guard request.tls.insecureSkipVerify, !insecureEndpointsWarned.contains(endpoint) else { return }
        insecureEndpointsWarned.insert(endpoint)
        logger.warning("TLS verification is off: the server's identity is not checked", ["http.endpoint": endpoint])
    }

    private func shutDown() {
        guard let multi else { return }
        // No callback may reach this object once teardown starts; the watchers are closed here instead.
        _ = ccurl_multi_setopt_socket_function(multi, nil)
        _ = ccurl_multi_setopt_timer_function(multi, nil)
        let inFlight = Array(transfers.values)
        transfers.removeAll()
        transfersByHandle.removeAll()
        for transfer in inFlight { curl_multi_remove_handle(multi, transfer.easy) }
        curl_multi_cleanup(multi)
        self.multi = nil
        for watcher in watchers.values { watcher.close() }
        watchers.removeAll()
        timer.close()
        for transfer in inFlight {
            transfer.complete(.failure(HTTPError(kind: .cancelled, message: "the HTTP client was closed",
                                                 endpoint: transfer.endpoint)))
        }
    }
}
