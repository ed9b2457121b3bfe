/// A project of the simulated collection, with its one team.
public struct Project: Sendable {
    public let id: String
    public let name: String
    public let description: String
    /// The project's team, named like the real default team: `<project> Team`.
    public var teamName: String { "\(name) Team" }
    /// A stable id for the team, derived from the project's.
    public var teamID: String { "team" + id.dropFirst(4) }

    /// The area paths a work item of this project may use.
    public var areaPaths: [String] { [name, "\(name)\\Security"] }
    /// The iteration paths a work item of this project may use.
    public var iterationPaths: [String] { [name, "\(name)\\Sprint 1", "\(name)\\Sprint 2"] }

    /// The `index`-th simulated project (1-based): `Project 0001`, with a stable GUID-shaped id.
    static func generated(index: Int) -> Project {
        let digits = String(index, radix: 16)
        let suffix = String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        return Project(
            id: "6ce954b1-ce1f-45d1-b94d-\(suffix)",
            name: "Project " + Project.zeroPadded(index),
            description: "Simulated project number \(index)"
        )
    }

    /// At least four digits: 7 → "0007".
    private static func zeroPadded(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
