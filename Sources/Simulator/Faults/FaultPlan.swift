import JSON

/// The faults the admin API has switched on. Loop-confined.
///
/// Counted faults are consumed one per matching tracker request, in this order: dropped connection,
/// sign-in page, server error, throttling.
final class FaultPlan {
    /// How a request with a missing or rejected token is answered.
    enum RejectionStyle: String {
        /// 401 JSON when the client sent `X-TFS-FedAuthRedirect: Suppress`, else a 203 sign-in page.
        case automatic
        case json
        case signInPage
        case redirect
    }

    /// What happens to the reply of the next successful create.
    enum CreateReplyFault: String {
        /// The work item is created; the reply waits until the admin API releases it.
        case hold
        /// The work item is created; the connection is closed without a reply.
        case drop
    }

    var latencyMilliseconds: UInt64?
    var drops: CountedFault?
    var signInPages: CountedFault?
    var serverErrors: CountedFault?
    var throttling: CountedFault?
    var rejectionStyle = RejectionStyle.automatic
    var createReplyFault: CreateReplyFault?

    /// Takes one use of the fault at `keyPath` when it applies to `path`.
    func take(_ keyPath: ReferenceWritableKeyPath<FaultPlan, CountedFault?>, path: String) -> CountedFault? {
        guard let fault = self[keyPath: keyPath], fault.applies(to: path) else { return nil }
        self[keyPath: keyPath]?.remaining -= 1
        return fault
    }

    /// Takes the create-reply fault, once.
    func takeCreateReplyFault() -> CreateReplyFault? {
        defer { createReplyFault = nil }
        return createReplyFault
    }

    func reset() {
        latencyMilliseconds = nil
        drops = nil
        signInPages = nil
        serverErrors = nil
        throttling = nil
        rejectionStyle = .automatic
        createReplyFault = nil
    }

    /// Applies the members present in an admin request; absent members keep their setting, `null` clears.
    func configure(_ body: JSONObject) throws {
        for member in body {
            let value = member.value
            switch member.key {
            case "latencyMs":
                latencyMilliseconds = value.isNull ? nil : UInt64(try nonNegative(value, "latencyMs"))
            case "drop":
                drops = value.isNull ? nil : try CountedFault.parse(value, defaultStatus: 0, allowedStatuses: [0])
            case "signInPage":
                signInPages = value.isNull ? nil
                    : try CountedFault.parse(value, defaultStatus: 203, allowedStatuses: [203, 302])
            case "serverError":
                serverErrors = value.isNull ? nil
                    : try CountedFault.parse(value, defaultStatus: 500, allowedStatuses: [500, 502, 503, 504])
            case "throttle":
                throttling = value.isNull ? nil
                    : try CountedFault.parse(value, defaultStatus: 429, allowedStatuses: [200, 429, 503])
            case "unauthenticated":
                guard let name = value.stringValue, let style = RejectionStyle(rawValue: name) else {
                    throw AdminError("unauthenticated must be automatic, json, signInPage or redirect")
                }
                rejectionStyle = style
            case "holdNextCreate":
                if value.isNull {
                    createReplyFault = nil
                } else {
                    guard let name = value.stringValue, let fault = CreateReplyFault(rawValue: name) else {
                        throw AdminError("holdNextCreate must be hold, drop or null")
                    }
                    createReplyFault = fault
                }
            default:
                throw AdminError("unknown fault \(member.key); see Sources/Simulator/README.md")
            }
        }
    }

    private func nonNegative(_ value: JSONValue, _ name: String) throws -> Int {
        guard let number = value.intValue, number >= 0 else { throw AdminError("\(name) must be a whole number ≥ 0") }
        return number
    }

    var json: JSONValue {
        [
            "latencyMs": latencyMilliseconds.map { .number(JSONNumber($0)) } ?? .null,
            "drop": drops?.json ?? .null,
            "signInPage": signInPages?.json ?? .null,
            "serverError": serverErrors?.json ?? .null,
            "throttle": throttling?.json ?? .null,
            "unauthenticated": .string(rejectionStyle.rawValue),
            "holdNextCreate": createReplyFault.map { .string($0.rawValue) } ?? .null,
        ]
    }
}
