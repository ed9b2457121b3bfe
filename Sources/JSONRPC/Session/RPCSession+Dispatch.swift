import JSON

/// Reading messages and starting their handlers.
extension RPCSession {
    /// The notification that cancels an in-flight request of the same connection.
    public static let cancelMethod = "rpc.cancel"
    /// The notification that reports progress of a long call.
    public static let progressMethod = "rpc.progress"
    /// The call that authenticates a connection that must (see `methodsAllowedBeforeAuthentication`).
    public static let authenticateMethod = "rpc.authenticate"

    func handleLine(_ line: UnsafeRawBufferPointer) {
        if let request = RequestFastPath.read(line, maxDepth: limits.maxDepth, knownMethod: lastHandler?.method) {
            handleRequest(request, batch: nil, start: startTime())
            return
        }

        let message: JSONValue
        do {
            message = try JSONParser.parse(line, maxDepth: limits.maxDepth)
        } catch {
            answerInvalidMessage(Self.protocolError(for: error), replyID: .null, batch: nil, start: startTime())
            return
        }

        guard case .array(let elements) = message else {
            handleMessage(message, batch: nil)
            return
        }
        guard !elements.isEmpty else {
            let error = RPCError.invalidRequest("an empty batch holds no requests")
            answerInvalidMessage(error, replyID: .null, batch: nil, start: startTime())
            return
        }
        guard elements.count <= limits.maxBatchEntries else {
            let error = RPCError.invalidRequest(
                "a batch of \(elements.count) entries is over the limit of \(limits.maxBatchEntries); "
                    + "split it into smaller batches"
            )
            answerInvalidMessage(error, replyID: .null, batch: nil, start: startTime())
            return
        }
        let batch = BatchReply()
        for element in elements {
            handleMessage(element, batch: batch)
        }
        batch.isSealed = true
        sendBatchIfComplete(batch)
    }

    private static func protocolError(for error: any Error) -> RPCError {
        guard let parseError = error as? JSONParseError else { return .parseError("\(error)") }
        switch parseError.kind {
        case .duplicateKey: return .invalidRequest("\(parseError.description); each key may appear once per object")
        case .syntax, .tooDeep, .invalidUTF8: return .parseError(parseError.description)
        }
    }

    private func handleMessage(_ message: JSONValue, batch: BatchReply?) {
        let start = startTime()
        let request: IncomingRequest
        switch IncomingRequest.read(message) {
        case .success(let valid): request = valid
        case .failure(let invalid):
            answerInvalidMessage(invalid.error, replyID: invalid.replyID, batch: batch, start: start)
            return
        }
        handleRequest(request, batch: batch, start: start)
    }

    private func handleRequest(_ request: IncomingRequest, batch: BatchReply?, start: UInt64) {
        var params: JSONObject
        switch request.params {
        case .object(let object): params = object
        case .array:
            let error = RPCError.invalidParams(
                "params must be an object of named members; by-position (array) params are not supported"
            )
            answer(request, .failure(error), batch: batch, start: start)
            return
        default: params = JSONObject()
        }

        var meta = CallMeta()
        if !params.isEmpty {
            do {
                let metaValue = params[CallMeta.paramsKey]
                meta = try CallMeta(metaValue)
                if metaValue != nil { params[CallMeta.paramsKey] = nil }
            } catch {
                answer(request, .failure(error), batch: batch, start: start)
                return
            }
        }
        dispatch(request, params: .object(params), meta: meta, batch: batch, start: start)
    }

    private func dispatch(
        _ request: IncomingRequest, params: JSONValue, meta: CallMeta, batch: BatchReply?, start: UInt64
    ) {
        if let allowed = methodsAllowedBeforeAuthentication, peer.principal == nil,
            !allowed.contains(request.method)
        {
            let refusal = RPCError.unauthenticated(
                "this connection has not authenticated: call \(Self.authenticateMethod) {token} first, "
                    + "with the token of the server's --auth-token-file"
            )
            answer(request, .failure(refusal), batch: batch, start: start)
            return
        }
        if request.method == Self.cancelMethod {
            cancelRequest(request, params: params, batch: batch, start: start)
            return
        }
        if let refusal = drainingRefusal, !drainingExemptMethods.contains(request.method) {
            answer(request, .failure(refusal), batch: batch, start: start)
            return
        }
        guard let handler = handler(for: request.method) else {
            answer(request, .failure(RPCError.methodNotFound(request.method)), batch: batch, start: start)
            return
        }
        if meta.timeoutMs == 0 {
            answer(request, .failure(RPCError.deadlineExceeded("_meta.timeoutMs is 0: the deadline passed on arrival")),
                batch: batch, start: start)
            return
        }

        let serial = nextSerial
        nextSerial += 1
        let deadline = meta.timeoutMs.map { timeout in
            let (nanoseconds, overflow) = timeout.multipliedReportingOverflow(by: 1_000_000)
            return overflow ? UInt64.max : now().addingReportingOverflow(nanoseconds).partialValue
        }
        // Only progress and deadlines need the session back; a weak reference costs on every call.
        let session = meta.progressToken != nil || meta.timeoutMs != nil ? self : nil

        switch handler {
        case .immediate(let run):
            let context: CallContext
            if isKnownUniquelyReferenced(&spareContext), let spare = spareContext {
                spare.reuse(
                    method: request.method, id: request.id, meta: meta, deadlineNanoseconds: deadline,
                    session: session, serial: serial
                )
                context = spare
            } else {
                context = CallContext(
                    method: request.method, id: request.id, meta: meta, peer: peer, deadlineNanoseconds: deadline,
                    session: session, serial: serial
                )
            }
            immediateSerial = serial
            let outcome = Result { try run(params, context) }
            immediateSerial = nil
            spareContext = context
            answer(request, outcome, batch: batch, start: start)
        case .deferred(let prepare):
            let context = CallContext(
                method: request.method, id: request.id, meta: meta, peer: peer, deadlineNanoseconds: deadline,
                session: session, serial: serial
            )
            do {
                let work = try prepare(params, context)
                startCall(request, work: work, context: context, batch: batch, start: start)
            } catch {
                answer(request, .failure(error), batch: batch, start: start)
            }
        }
    }

    /// The handler for `method`; remembers the last one, since clients tend to repeat a method.
    private func handler(for method: String) -> Router.Handler? {
        if let last = lastHandler, last.method == method { return last.handler }
        guard let handler = router.handlers[method] else { return nil }
        lastHandler = (method, handler)
        return handler
    }

    /// Runs a deferred handler as a task, with a deadline timer when the caller set `timeoutMs`.
    private func startCall(
        _ request: IncomingRequest, work: @escaping () async throws -> JSONValue, context: CallContext,
        batch: BatchReply?, start: UInt64
    ) {
        guard let host else { return }
        let call = InFlightCall(
            serial: context.serial, method: request.method, id: request.id, batch: batch, context: context,
            startNanoseconds: start
        )
        calls[call.serial] = call
        if batch != nil, !call.isNotification { batch?.outstanding += 1 }

        call.task = host.startTask { [weak self, serial = call.serial] in
            let outcome: Result<JSONValue, any Error>
            do {
                outcome = .success(try await work())
            } catch {
                outcome = .failure(error)
            }
            self?.finishCall(serial: serial, outcome)
        }
        if let timeout = context.meta.timeoutMs, call.task != nil, !call.isAnswered {
            call.deadlineTimer = host.startTimer(afterMilliseconds: timeout) { [weak self, serial = call.serial] in
                self?.expireCall(serial: serial)
            }
        }
    }

    private func finishCall(serial: Int, _ outcome: Result<JSONValue, any Error>) {
        guard let call = calls[serial] else { return }
        if !call.isAnswered {
            call.isAnswered = true
            answer(call, outcome)
        }
        forget(call)
    }

    private func expireCall(serial: Int) {
        guard let call = calls[serial], !call.isAnswered else { return }
        call.deadlineTimer = nil
        let timeout = call.context.meta.timeoutMs ?? 0
        answerEarly(call, with: .deadlineExceeded("the call did not finish within _meta.timeoutMs (\(timeout) ms)"))
    }

    /// Answers `call` now with `error` and cancels its task; the task stays tracked until it ends.
    func answerEarly(_ call: InFlightCall, with error: RPCError) {
        call.isAnswered = true
        call.deadlineTimer?.cancel()
        call.deadlineTimer = nil
        answer(call, .failure(error))
        call.task?.cancel()
    }

    /// `rpc.cancel {id}`: answers the matching unanswered calls CANCELLED. As a request it returns
    /// `{"cancelled": <number of calls cancelled>}`.
    private func cancelRequest(_ request: IncomingRequest, params: JSONValue, batch: BatchReply?, start: UInt64) {
        guard let target = params["id"] else {
            let violation = FieldViolation(field: "id", description: "is required: the id of the request to cancel")
            answer(request, .failure(RPCError.invalidParams(violations: [violation])), batch: batch, start: start)
            return
        }
        let matching = calls.values.filter { $0.id == target && !$0.isAnswered }.sorted { $0.serial < $1.serial }
        for call in matching {
            answerEarly(call, with: .cancelled("cancelled by rpc.cancel"))
        }
        answer(request, .success(["cancelled": .number(JSONNumber(matching.count))]), batch: batch, start: start)
    }
}
