import JSON

/// Turning outcomes into reply lines, batch arrays, progress notifications and log records.
extension RPCSession {
    /// Answers a request that was handled inline (or refused before it ran).
    func answer(
        _ request: IncomingRequest, _ outcome: Result<JSONValue, any Error>, batch: BatchReply?, start: UInt64
    ) {
        let (result, cause) = Self.reply(for: outcome)
        if let id = request.id {
            deliver(id: id, result, batch: batch)
        }
        report(method: request.method, id: request.id, result, cause: cause, start: start)
        if let cause { onHandlerFailure?(request.method, request.id, cause) }
    }

    /// Answers a call whose handler ran as a task.
    func answer(_ call: InFlightCall, _ outcome: Result<JSONValue, any Error>) {
        let (result, cause) = Self.reply(for: outcome)
        if let id = call.id {
            deliver(id: id, result, batch: call.batch)
            if let batch = call.batch {
                batch.outstanding -= 1
                sendBatchIfComplete(batch)
            }
        }
        report(method: call.method, id: call.id, result, cause: cause, start: call.startNanoseconds)
        if let cause { onHandlerFailure?(call.method, call.id, cause) }
    }

    /// Answers a message that is not a valid request: always replied to, under `replyID`.
    func answerInvalidMessage(_ error: RPCError, replyID: JSONValue, batch: BatchReply?, start: UInt64) {
        deliver(id: replyID, .failure(error), batch: batch)
        report(method: nil, id: replyID, .failure(error), cause: nil, start: start)
    }

    func sendBatchIfComplete(_ batch: BatchReply) {
        guard batch.isComplete, !isClosed, let line = batch.finishedLine() else { return }
        host?.send(line)
    }

    func sendProgress(forCall serial: Int, token: JSONValue, progress: Double, total: Double?, message: String?) {
        let isRunning = immediateSerial == serial || calls[serial].map { !$0.isAnswered } ?? false
        guard isRunning, !isClosed, let host else { return }

        var params = JSONObject()
        params.append(key: "progressToken", value: token)
        params.append(key: "progress", value: JSONNumber(progress).map(JSONValue.number) ?? .null)
        if let total, let number = JSONNumber(total) { params.append(key: "total", value: .number(number)) }
        if let message { params.append(key: "message", value: .string(message)) }
        var line: [UInt8] = []
        ReplyWriter.writeNotification(method: Self.progressMethod, params: .object(params), into: &line)
        line.append(UInt8(ascii: "\n"))
        host.send(line)
    }

    /// The error a caller sees, plus the original error when it was hidden behind INTERNAL.
    private static func reply(
        for outcome: Result<JSONValue, any Error>
    ) -> (Result<JSONValue, RPCError>, (any Error)?) {
        switch outcome {
        case .success(let value):
            return (.success(value), nil)
        case .failure(let error):
            let rpcError = RPCError.from(error)
            return (.failure(rpcError), rpcError.status == .internal && !(error is RPCError) ? error : nil)
        }
    }

    private func deliver(id: JSONValue, _ result: Result<JSONValue, RPCError>, batch: BatchReply?) {
        guard !isClosed else { return }
        guard let batch else {
            host?.sendLine { buffer in Self.writeReply(id: id, result, into: &buffer) }
            return
        }
        scratch.removeAll(keepingCapacity: true)
        Self.writeReply(id: id, result, into: &scratch)
        batch.add(scratch)
    }

    private static func writeReply(id: JSONValue, _ result: Result<JSONValue, RPCError>, into buffer: inout [UInt8]) {
        switch result {
        case .success(let value): ReplyWriter.writeResult(id: id, result: value, into: &buffer)
        case .failure(let error): ReplyWriter.writeError(id: id, error: error, into: &buffer)
        }
    }

    private func report(
        method: String?, id: JSONValue?, _ result: Result<JSONValue, RPCError>, cause: (any Error)?, start: UInt64
    ) {
        countCompletedMessage()
        guard let onCallCompleted else { return }
        let error: RPCError? = if case .failure(let error) = result { error } else { nil }
        let end = now()
        onCallCompleted(CallOutcome(
            method: method, id: id, error: error, internalCause: cause,
            durationNanoseconds: end > start ? end - start : 0
        ))
    }
}
