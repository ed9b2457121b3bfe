@testable import Simulator
import Testing

@Suite("WIQL subset")
struct WiqlTests {
    @Test("tag, id list, state and project conditions with AND, OR, NOT and ORDER BY parse")
    func parses() throws {
        let query = try WiqlParser.parse("""
            SELECT [System.Id], [System.Title] FROM WorkItems
            WHERE [System.TeamProject] = @project AND ([System.Tags] CONTAINS 'it''s' OR [System.Id] IN (1, 2))
            AND NOT [System.State] <> 'Closed' ORDER BY [System.ChangedDate] DESC
            """)

        #expect(query.columns == ["System.Id", "System.Title"])
        #expect(query.ordering.map(\.field) == ["System.ChangedDate"])
        #expect(query.ordering.map(\.descending) == [true])
        guard case .and(.and(_, .or(.comparison(_, "CONTAINS", .text(let tag)), .comparison(_, "IN", .list(let ids)))),
                        .not(.comparison("System.State", "<>", _))) = query.condition
        else {
            Issue.record("unexpected condition tree: \(query.condition)")
            return
        }
        #expect(tag == "it's")
        #expect(ids.count == 2)
    }

    @Test("malformed statements are refused with TF51006", arguments: [
        "SELECT FROM WorkItems",
        "SELECT [System.Id] FROM WorkItemLinks",
        "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS",
        "SELECT [System.Id] FROM WorkItems WHERE [System.Id] IN (1, 2",
        "SELECT [System.Id] FROM WorkItems WHERE [System.Title] = 'open",
    ])
    func refused(statement: String) {
        #expect {
            _ = try WiqlParser.parse(statement)
        } throws: { error in
            (error as? TrackerError)?.message.hasPrefix("TF51006") == true
        }
    }
}
