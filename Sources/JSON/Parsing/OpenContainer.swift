/// An array or object the parser has opened and not yet closed.
struct OpenContainer {
    /// Objects with more members than this get a hash set for duplicate checks instead of a linear scan;
    /// comparing short keys beats hashing them well past a finding's ten or so members.
    private static let linearKeyCheckLimit = 16

    let isObject: Bool
    var elements: [JSONValue] = []
    var members: [JSONObject.Member] = []
    /// The key read for the member whose value is being parsed.
    var pendingKey = ""
    private var keyIndex: Set<String>?

    /// Room reserved up front: a request envelope or a finding's members, an array's first elements.
    private static let initialObjectCapacity = 12
    private static let initialArrayCapacity = 4

    init(isObject: Bool) {
        self.isObject = isObject
        if isObject {
            members.reserveCapacity(Self.initialObjectCapacity)
        } else {
            elements.reserveCapacity(Self.initialArrayCapacity)
        }
    }

    /// Whether `key` is already a member of this object.
    func hasMember(named key: String) -> Bool {
        if let keyIndex { return keyIndex.contains(key) }
        return members.contains { $0.key == key }
    }

    /// Completes the pending member with its value.
    mutating func addMember(_ value: JSONValue) {
        members.append(JSONObject.Member(key: pendingKey, value: value))
        if keyIndex != nil {
            keyIndex!.insert(pendingKey)
        } else if members.count > Self.linearKeyCheckLimit {
            keyIndex = Set(members.map(\.key))
        }
    }

    /// The finished array or object.
    func finish() -> JSONValue {
        isObject ? .object(JSONObject(members)) : .array(elements)
    }
}
