import Testing

@testable import Tracker

@Suite("Collection URL and route encoding")
struct CollectionURLTests {
    @Test("names are percent-encoded with %20, never +")
    func encodesNames() throws {
        let collection = try CollectionURL("https://dev.azure.com/org/")

        let url = collection.url(
            [
                .name("My Project"), "_apis", "wit", "workitems",
                .literal("$" + CollectionURL.percentEncoded("User Story")),
            ],
            query: [("api-version", "2.0")]
        )

        #expect(url == "https://dev.azure.com/org/My%20Project/_apis/wit/workitems/$User%20Story?api-version=2.0")
    }

    @Test("reserved characters and non-ASCII names are encoded byte by byte")
    func encodesReserved() throws {
        #expect(CollectionURL.percentEncoded("a/b?c#d&e+f") == "a%2Fb%3Fc%23d%26e%2Bf")
        #expect(CollectionURL.percentEncoded("Équipe ü") == "%C3%89quipe%20%C3%BC")
        #expect(CollectionURL.percentEncoded("safe-._~AZaz09") == "safe-._~AZaz09")
        #expect(try CollectionURL("http://h/c").url([.name(".."), "_apis"]) == "http://h/c/%2E%2E/_apis")
    }

    @Test("the endpoint defaults the port by scheme")
    func endpoint() throws {
        #expect(try CollectionURL("https://dev.azure.com/org").endpoint == "dev.azure.com:443")
        #expect(try CollectionURL("http://tfs:8080/tfs/DefaultCollection").endpoint == "tfs:8080")
        #expect(try CollectionURL("http://127.0.0.1/c").endpoint == "127.0.0.1:80")
    }

    @Test("hosts other than http(s) collection URLs are refused", arguments: [
        "file:///etc/passwd", "gopher://127.0.0.1/", "ftp://tfs/", "tfs.example.com", "https://user:pat@tfs/c",
        "https://tfs/c?x=1", "",
    ])
    func refusesOtherHosts(host: String) {
        #expect {
            _ = try CollectionURL(host)
        } throws: { error in
            (error as? TrackerError)?.status == .invalidArgument
        }
    }
}
