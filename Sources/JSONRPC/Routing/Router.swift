import JSON

/// Maps method names to typed handlers. A value: build it once, then hand a copy to the server.
///
/// Handlers take their `Decodable` params (`_meta` already removed) and a `CallContext`, and return an
/// `Encodable` result. Params that do not decode are answered with -32602 and field violations before the
/// handler runs. Use `EmptyParams` for methods without params and `JSONValue` for free-form params or results.
///
/// ```swift
/// var router = Router()
/// router.registerImmediate("health.check") { (params: HealthCheckParams, _) in HealthCheckResult(status: "SERVING") }
/// router.register("bugtracker.testConnection") { (params: TestConnectionParams, context) in
///     try await service.testConnection(params, context: context)
/// }
/// ```
public struct Router {
    /// A registered handler after type erasure.
    enum Handler {
        /// Answers inline, before the session reads the next message.
        case immediate((JSONValue, CallContext) throws -> JSONValue)
        /// Decodes params inline, then runs the returned work as a task; the reply follows when it ends.
        case deferred((JSONValue, CallContext) throws -> () async throws -> JSONValue)
    }

    private(set) var handlers: [String: Handler] = [:]

    public init() {}

    /// The registered method names, sorted.
    public var methodNames: [String] { handlers.keys.sorted() }

    public func handles(_ method: String) -> Bool { handlers[method] != nil }

    /// Registers an `async` handler; it runs as a task on the session's executor (the event loop) and may
    /// finish in any order relative to other calls. Registering a name again replaces the handler.
    public mutating func register<Params: Decodable, Result: Encodable>(
        _ method: String, _ handler: @escaping (Params, CallContext) async throws -> Result
    ) {
        handlers[method] = .deferred { params, context in
            let decoded = try Self.decodeParams(Params.self, from: params)
            return {
                let result = try await handler(decoded, context)
                return try Self.encodeResult(result)
            }
        }
    }

    /// Registers a synchronous handler, answered inline without creating a task: for cheap methods such as
    /// `health.check` that must be fast. It must not block.
    public mutating func registerImmediate<Params: Decodable, Result: Encodable>(
        _ method: String, _ handler: @escaping (Params, CallContext) throws -> Result
    ) {
        handlers[method] = .immediate { params, context in
            let decoded = try Self.decodeParams(Params.self, from: params)
            return try Self.encodeResult(try handler(decoded, context))
        }
    }

    /// Registers a synchronous handler that reads its params and builds its result as `JSONValue`: no decoding,
    /// no encoding and no type checks between the wire and the handler.
    public mutating func registerImmediate(
        _ method: String, _ handler: @escaping (JSONValue, CallContext) throws -> JSONValue
    ) {
        handlers[method] = .immediate(handler)
    }

    static func decodeParams<Params: Decodable>(_ type: Params.Type, from params: JSONValue) throws -> Params {
        if type == JSONValue.self { return params as! Params }
        do {
            return try JSONValueDecoder().decode(type, from: params)
        } catch let error as JSONDecodingError {
            throw RPCError.invalidParams(violations: [FieldViolation(error)])
        }
    }

    static func encodeResult<Result: Encodable>(_ result: Result) throws -> JSONValue {
        if Result.self == JSONValue.self { return result as! JSONValue }
        do {
            return try JSONValueEncoder().encode(result)
        } catch is EncodingError {
            throw ResultEncodingFailure(resultType: "\(Result.self)")
        }
    }
}

/// A handler's result could not be expressed as JSON (for example a NaN); reaches the caller as INTERNAL.
public struct ResultEncodingFailure: Error, CustomStringConvertible {
    public let resultType: String
    public var description: String { "the result of type \(resultType) cannot be encoded as JSON" }
}
