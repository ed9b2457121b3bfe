import Foundation
import JSON

/// The payload of an automatic ticket job: give this vulnerability a ticket in this configuration.
struct AutoTicketJob: Codable, Equatable {
    static let kind = "ticket.auto"

    var configurationId: String
    var vulnerabilityId: String

    /// One job per vulnerability and configuration, ever: the queue refuses a second job under this key.
    var uniqueKey: String {
        "\(Self.kind):\(configurationId):\(vulnerabilityId)"
    }

    var payload: String {
        get throws { JSONWriter.string(try JSONValue(encoding: self)) }
    }

    init(configurationId: String, vulnerabilityId: String) {
        self.configurationId = configurationId
        self.vulnerabilityId = vulnerabilityId
    }

    init(payload: String) throws {
        self = try JSONParser.parse(payload).decode(AutoTicketJob.self)
    }
}
