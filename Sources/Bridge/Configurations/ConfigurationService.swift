import Domain
import Foundation
import JSON
import JSONRPC
import Logging
import Storage

/// `configure`, `getConfiguration`, `listConfigurations` and `deleteConfiguration`: checks requests in full,
/// stores configurations with their sealed secrets, and shows them without the token.
///
/// Loop-confined, like the store it uses.
final class ConfigurationService {
    private let environment: BridgeEnvironment
    private let webhooks: WebhookAddress
    private let logger = Logger(label: "configurations")

    private var store: Store { environment.store }

    init(environment: BridgeEnvironment) {
        self.environment = environment
        webhooks = WebhookAddress(settings: environment.settings)
    }

    // MARK: - Methods

    /// Creates (no `id`) or updates a configuration; `{configuration}`.
    func configure(_ params: JSONValue, context: CallContext) async throws -> JSONValue {
        let request = try ConfigureRequest(params)
        if let id = request.id {
            return try update(id, with: request)
        }
        let call = try IdempotentCall(method: context.method, meta: context.meta, params: params)
        return try await call.run(
            in: store, logger: logger, now: environment.now, storing: ConfigurationService.withoutWebhookURL,
            replaying: withCurrentWebhookURL
        ) {
            try create(request)
        }
    }

    /// `{configuration}` for `{id}`.
    func get(_ params: JSONValue) throws -> JSONValue {
        let id = try ConfigurationService.readID(params, method: "getConfiguration")
        return ["configuration": try document(for: try liveConfiguration(id, field: "id")).json]
    }

    /// `{configurations}`: every live configuration, by name.
    func list(_ params: JSONValue) throws -> JSONValue {
        let reader = ParamsReader(params)
        reader.rejectUnknownMembers()
        try reader.report.throwIfAny("listConfigurations takes no params")
        let documents = try store.configurations.list().map { try document(for: $0).json }
        return ["configurations": .array(documents)]
    }

    /// Deletes a configuration; `{deleted: true, webhookCleanup: {required, url?, instructions}}`.
    func delete(_ params: JSONValue) throws -> JSONValue {
        let id = try ConfigurationService.readID(params, method: "deleteConfiguration")
        let configuration = try liveConfiguration(id, field: "id")
        try store.configurations.delete(id, now: environment.now())
        let cleanup = WebhookCleanup(configuration: configuration, webhooks: webhooks)
        logger.info("configuration deleted", [
            "config.id": id, "config.name": configuration.name, "webhook.cleanup": cleanup.required,
        ])
        return ["deleted": true, "webhookCleanup": cleanup.json]
    }

    // MARK: - Shared with the other configuration methods

    /// The live configuration with `id`.
    /// - Throws: NOT_FOUND naming `field`, saying whether the id never existed or was deleted.
    func liveConfiguration(_ id: String, field: String) throws -> Configuration {
        switch try store.configurations.lookup(id) {
        case .live(let configuration):
            return configuration
        case .deleted(let name, let deletedAt):
            throw RPCError(
                .notFound,
                "configuration \(id) (\"\(name)\") was deleted at \(ISO8601Timestamp.string(from: deletedAt)): "
                    + "create a new one",
                fieldViolations: [FieldViolation(field: field, description: "names a deleted configuration")]
            )
        case .unknown:
            throw RPCError(
                .notFound, "no configuration has the id \(id): listConfigurations shows the ids",
                fieldViolations: [FieldViolation(field: field, description: "names no configuration")]
            )
        }
    }

    /// The configuration as callers see it, with its webhook URL while two-way is on.
    func document(for configuration: Configuration) throws -> ConfigurationDocument {
        var url: String?
        if configuration.twoWay.enabled, let token = try store.configurations.webhookToken(of: configuration.id) {
            url = webhooks.url(configurationId: configuration.id, token: token)
        }
        return ConfigurationDocument(configuration: configuration, webhookUrl: url)
    }

    // MARK: - Create and update

    private func create(_ request: ConfigureRequest) throws -> JSONValue {
        let now = environment.now()
        let id = UUID().uuidString.lowercased()
        let defaults = Configuration(
            id: id, name: request.name, host: request.connection.host.given ?? "", createdAt: now, updatedAt: now
        )
        let configuration = request.applied(to: defaults, now: now)
        try ConfigureRequest.checkEffective(configuration)
        try checkNameIsFree(configuration.name, except: nil)
        let token = request.connection.personalAccessToken.given ?? ""
        let webhookToken = configuration.twoWay.enabled ? try WebhookToken.generate() : nil

        let stored = try savingName(configuration.name) {
            try store.configurations.create(
                configuration, personalAccessToken: token, webhookToken: webhookToken, now: now
            )
        }
        logger.info("configuration created", [
            "config.id": id, "config.name": stored.name, "config.revision": stored.revision,
            "twoWay.enabled": stored.twoWay.enabled, "autoCreate.enabled": stored.autoCreate.enabled,
        ])
        return ["configuration": try document(for: stored).json]
    }

    private func update(_ id: String, with request: ConfigureRequest) throws -> JSONValue {
        let now = environment.now()
        let current = try liveConfiguration(id, field: "id")
        try ConfigurationService.checkTokenFollowsHost(current: current, request: request)
        let configuration = request.applied(to: current, now: now)
        try ConfigureRequest.checkEffective(configuration)
        try checkNameIsFree(configuration.name, except: id)
        let webhookTokenChange = try webhookTokenChange(from: current, to: configuration)

        let stored = try savingName(configuration.name) {
            try store.database.write("updating a configuration") {
                let stored = try store.configurations.update(
                    configuration, expectedRevision: request.expectedRevision,
                    personalAccessToken: request.connection.personalAccessToken.given, now: now
                )
                if let webhookTokenChange {
                    try store.configurations.setWebhookToken(webhookTokenChange, of: id)
                }
                return stored
            }
        }
        logger.info("configuration updated", [
            "config.id": id, "config.name": stored.name, "config.revision": stored.revision,
            "token.replaced": !request.connection.personalAccessToken.isAbsent,
            "twoWay.enabled": stored.twoWay.enabled, "autoCreate.enabled": stored.autoCreate.enabled,
        ])
        return ["configuration": try document(for: stored).json]
    }

    /// The stored token only ever goes to the tracker it was given for: moving a configuration to another
    /// tracker needs the token for that tracker in the same call.
    private static func checkTokenFollowsHost(current: Configuration, request: ConfigureRequest) throws {
        guard let host = request.connection.host.given, request.connection.personalAccessToken.given == nil,
              !ConnectionRules.sameTracker(current.host, host) else { return }
        throw RPCError.invalidArgument(
            "the configuration was not changed: host moves it to another tracker, so give that tracker's "
                + "personalAccessToken too",
            violations: [FieldViolation(
                field: "personalAccessToken",
                description: "is required when host changes: the stored token is never sent to a new host"
            )]
        )
    }

    /// The webhook token to store: a new one when two-way is switched on (an old URL never comes back to
    /// life), none when it is switched off; nil leaves the stored token as it is.
    private func webhookTokenChange(from current: Configuration, to next: Configuration) throws -> String?? {
        switch (current.twoWay.enabled, next.twoWay.enabled) {
        case (false, true):
            return .some(try WebhookToken.generate())
        case (true, false):
            return .some(nil)
        case (true, true):
            let stored = try store.configurations.webhookToken(of: current.id)
            return stored == nil ? .some(try WebhookToken.generate()) : nil
        case (false, false):
            return nil
        }
    }

    /// Names are unique among live configurations, ignoring case.
    private func checkNameIsFree(_ name: String, except id: String?) throws {
        let taken = try store.configurations.list().contains {
            $0.id != id && $0.name.lowercased() == name.lowercased()
        }
        if taken { throw ConfigurationService.nameTaken(name) }
    }

    /// Runs a write, turning the storage's unique-name refusal (a race with another writer) into the same
    /// answer as `checkNameIsFree`.
    private func savingName<Result>(_ name: String, _ write: () throws -> Result) throws -> Result {
        do {
            return try write()
        } catch let error as StorageError where error.kind == .alreadyExists {
            throw ConfigurationService.nameTaken(name)
        }
    }

    private static func nameTaken(_ name: String) -> RPCError {
        RPCError(
            .alreadyExists, "a configuration named \"\(name)\" already exists: choose another name",
            fieldViolations: [FieldViolation(field: "name", description: "is already used by another configuration")]
        )
    }

    // MARK: - Idempotent replay

    /// The result as stored for replay: without the webhook URL, whose token must not sit in plain text.
    private static func withoutWebhookURL(_ result: JSONValue) -> JSONValue {
        guard var object = result.objectValue, var configuration = object["configuration"]?.objectValue,
              var twoWay = configuration["twoWay"]?.objectValue else { return result }
        twoWay["webhookUrl"] = nil
        configuration["twoWay"] = .object(twoWay)
        object["configuration"] = .object(configuration)
        return .object(object)
    }

    /// A replayed result with the webhook URL put back from the sealed token, while two-way is still on.
    private func withCurrentWebhookURL(_ stored: JSONValue) throws -> JSONValue {
        guard var object = stored.objectValue, var configuration = object["configuration"]?.objectValue,
              var twoWay = configuration["twoWay"]?.objectValue, twoWay["enabled"] == true,
              let id = configuration["id"]?.stringValue,
              case .live(let current) = try store.configurations.lookup(id), current.twoWay.enabled,
              let url = try document(for: current).webhookUrl else { return stored }
        twoWay["webhookUrl"] = .string(url)
        configuration["twoWay"] = .object(twoWay)
        if var missing = configuration["missing"]?.arrayValue {
            missing.removeAll { $0 == .string(WebhookAddress.missingSetting) }
            configuration["missing"] = .array(missing)
        }
        object["configuration"] = .object(configuration)
        return .object(object)
    }

    // MARK: - Params

    private static func readID(_ params: JSONValue, method: String) throws -> String {
        let reader = ParamsReader(params)
        let id = reader.string("id", required: true, maxLength: ConfigureRequest.maximumIDLength).given
        reader.rejectUnknownMembers()
        try reader.report.throwIfAny("\(method) needs the id of a configuration")
        return id ?? ""
    }
}
