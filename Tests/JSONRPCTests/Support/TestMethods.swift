import JSON
import JSONRPC

/// The methods the session tests call: the JSON-RPC specification's examples, renamed to plausible methods.
enum TestMethods {
    struct HealthParams: Codable { var service: String? }
    struct HealthResult: Codable { var status: String }
    struct SubtractParams: Codable { var minuend: Int; var subtrahend: Int }
    struct SumParams: Codable { var values: [Int] }
    struct GateParams: Codable { var gate: String }
    struct ProgressParams: Codable { var steps: Int }

    enum Severity: String, Codable { case critical = "Critical", high = "High" }
    struct Finding: Codable { var id: String; var severity: Severity }
    struct ReportParams: Codable { var applicationId: String; var vulnerabilities: [Finding] }

    /// An error with text that must never reach a caller.
    struct LeakyFailure: Error, CustomStringConvertible {
        var description: String { "database password is hunter2" }
    }

    /// A library error that maps itself, as the SQLite and HTTP modules will.
    struct TrackerThrottled: RPCErrorConvertible {
        var rpcError: RPCError { .resourceExhausted("the tracker is throttling requests", retryAfterMs: 1500) }
    }

    static func router(gates: Gates) -> Router {
        var router = Router()
        router.registerImmediate("health.check") { (_: HealthParams, _) in HealthResult(status: "SERVING") }
        router.registerImmediate("calc.subtract") { (params: SubtractParams, _) in params.minuend - params.subtrahend }
        router.registerImmediate("calc.sum") { (params: SumParams, _) in params.values.reduce(0, +) }
        router.registerImmediate("notify.hello") { (_: JSONValue, _) in EmptyResult() }
        router.registerImmediate("data.get") { (_: EmptyParams, _) -> JSONValue in ["hello", 5] }
        router.registerImmediate("echo.meta") { (params: JSONValue, context) -> JSONValue in
            ["params": params, "timeoutMs": context.meta.timeoutMs.map { .number(JSONNumber($0)) } ?? .null,
             "idempotencyKey": context.meta.idempotencyKey.map(JSONValue.string) ?? .null,
             "connection": .number(JSONNumber(context.peer.connectionID))]
        }
        router.registerImmediate("vulnerabilities.report") { (params: ReportParams, _) in params.vulnerabilities.count }
        router.registerImmediate("fail.leaky") { (_: EmptyParams, _) -> Int in throw LeakyFailure() }
        router.register("fail.throttled") { (_: EmptyParams, _) async throws -> Int in throw TrackerThrottled() }
        router.register("work.wait") { (params: GateParams, _) async throws -> String in
            try await gates.wait(params.gate)
            return "opened \(params.gate)"
        }
        router.register("work.progress") { (params: ProgressParams, context) async throws -> Int in
            for step in 1...params.steps {
                context.reportProgress(progress: Double(step), total: Double(params.steps), message: "step \(step)")
                try await gates.wait("step\(step)")
            }
            return params.steps
        }
        return router
    }
}
