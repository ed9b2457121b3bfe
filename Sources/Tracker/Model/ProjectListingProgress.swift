/// How far a listing of all projects has come, reported after each page.
public struct ProjectListingProgress: Sendable, Equatable {
    /// Projects read so far.
    public var fetched: Int
    /// Pages read so far.
    public var pages: Int

    public init(fetched: Int, pages: Int) {
        self.fetched = fetched
        self.pages = pages
    }
}
