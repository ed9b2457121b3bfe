/// One changed field of a `workitem.updated` resource: `{"oldValue": …, "newValue": …}`. A field that was
/// empty before has no `oldValue`; a field that was cleared has no `newValue`.
public struct ServiceHookFieldChange: Sendable, Equatable, Decodable {
    public var oldValue: ServiceHookFieldValue?
    public var newValue: ServiceHookFieldValue?

    public init(oldValue: ServiceHookFieldValue?, newValue: ServiceHookFieldValue?) {
        self.oldValue = oldValue
        self.newValue = newValue
    }

    /// A bare value where an `{oldValue, newValue}` object belongs is read as the new value.
    public init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            oldValue = nil
            newValue = try ServiceHookFieldValue(from: decoder)
            return
        }
        oldValue = try container.decodeIfPresent(ServiceHookFieldValue.self, forKey: .oldValue)
        newValue = try container.decodeIfPresent(ServiceHookFieldValue.self, forKey: .newValue)
    }

    private enum CodingKeys: String, CodingKey {
        case oldValue, newValue
    }
}
