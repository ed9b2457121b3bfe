/// The params of a method that takes none: accepts an absent or empty params object, ignores extra members.
public struct EmptyParams: Codable, Sendable, Equatable {
    public init() {}
}

/// The result of a method that has nothing to say beyond success: encodes as `{}`.
public struct EmptyResult: Codable, Sendable, Equatable {
    public init() {}
}
