import JSON

/// Delivery misbehaviour the admin API asks for, applied to the next notifications.
struct DeliveryBehaviour {
    /// The next N notifications are sent twice (same notificationId).
    var duplicate = 0
    /// The next N notifications are held back until released, so later ones overtake them.
    var hold = 0
    /// The next N notifications are never sent (as if lost).
    var drop = 0

    mutating func configure(_ body: JSONObject) throws {
        for member in body {
            guard let count = member.value.intValue, count >= 0 else {
                throw AdminError("\(member.key) must be a whole number ≥ 0")
            }
            switch member.key {
            case "duplicate": duplicate = count
            case "hold": hold = count
            case "drop": drop = count
            default: throw AdminError("unknown delivery behaviour \(member.key): use duplicate, hold or drop")
            }
        }
    }

    var json: JSONValue {
        ["duplicate": .number(JSONNumber(duplicate)), "hold": .number(JSONNumber(hold)),
         "drop": .number(JSONNumber(drop))]
    }
}
