import Domain
import Foundation
import Testing

@Suite("Work item descriptions")
struct TicketDescriptionTests {
    let marker = TicketMarker(ticketId: "t-1")
    let bug = WorkItemTypeFields(hasSeverity: true, hasPriority: true)

    func description(
        of scope: TicketScope, excludeSensitiveInfo: Bool = false
    ) throws -> String {
        var configuration = Samples.configuration()
        configuration.excludeSensitiveInfo = excludeSensitiveInfo
        return try WorkItemDraft(configuration: configuration, scope: scope, typeFields: bug, marker: marker)
            .description
    }

    /// A finding whose every text field tries to break out of the HTML.
    var hostile: Vulnerability {
        var vulnerability = Samples.vulnerability(
            id: "id\"><script>alert(1)</script>", application: "Shop & <b>Co</b>",
            title: "<script>alert('title')</script> & \"quoted\"", rule: "xss<img src=x onerror=alert(2)>")
        vulnerability.description = "<iframe src=\"https://evil.example\"></iframe>\nsecond line & more"
        vulnerability.details = "GET /?q=<svg onload=alert(3)>\r\nHost: shop"
        vulnerability.url = "https://scanner.example/findings/1?a=1&b=\"><script>x</script>"
        return vulnerability
    }

    @Test("a single finding lists every fact, its description and details, with line breaks as <br>")
    func singleLayout() throws {
        let vulnerability = Samples.vulnerability()

        let html = try description(of: .single(vulnerability))

        #expect(html.contains("<h3>SQL injection in /cart/apply-coupon</h3>"))
        #expect(html.contains("<tr><td><b>Severity</b></td><td>High</td></tr>"))
        #expect(html.contains("<tr><td><b>Rule</b></td><td>sql-injection</td></tr>"))
        #expect(html.contains("<tr><td><b>Application</b></td><td>Checkout</td></tr>"))
        #expect(html.contains("<tr><td><b>Status</b></td><td>Reported</td></tr>"))
        #expect(html.contains("<tr><td><b>First seen</b></td><td>2024-03-08T10:00:03Z</td></tr>"))
        #expect(html.contains(
            "<a href=\"https://scanner.fabrikam.com/findings/\(vulnerability.id)\">"
                + "https://scanner.fabrikam.com/findings/\(vulnerability.id)</a>"))
        #expect(html.contains("<tr><td><b>Vulnerability id</b></td><td>\(vulnerability.id)</td></tr>"))
        #expect(html.contains("reaches a SQL query unescaped.<br>An attacker can read other orders."))
        #expect(html.contains("<h4>Details</h4><p>POST /cart/apply-coupon<br>code=&#39; OR 1=1 --</p>"))
    }

    @Test("hostile values in a single finding are escaped everywhere")
    func singleEscapesEverything() throws {
        let html = try description(of: .single(hostile))

        #expect(!html.contains("<script"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Co</b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(html.contains("Shop &amp; &lt;b&gt;Co&lt;/b&gt;"))
        #expect(html.contains(
            "&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;<br>second line &amp; more"))
        #expect(html.contains("GET /?q=&lt;svg onload=alert(3)&gt;<br>Host: shop"))
        #expect(html.contains("id&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("hostile values in a bulk table are escaped everywhere")
    func bulkEscapesEverything() throws {
        let html = try description(of: .bulk([hostile, Samples.vulnerability(id: "v2")]))

        #expect(!html.contains("<script"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"))
    }

    @Test("the finding's page is a link only when it is http or https", arguments: [
        ("javascript:alert(document.cookie)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("file:///etc/passwd", false),
        ("/findings/relative", false),
        ("https://", false),
        ("http://scanner.local:8443/findings/7", true),
        ("HTTPS://Scanner.Example/findings/8", true),
    ])
    func linkOnlyForWebURLs(url: String, linked: Bool) throws {
        var vulnerability = Samples.vulnerability()
        vulnerability.url = url

        let html = try description(of: .single(vulnerability))

        #expect(html.contains("<a href=") == linked)
        #expect(!html.contains("<script"))
        #expect(!html.contains("href=\"javascript"))
    }

    @Test("a quote inside an http URL cannot leave the href attribute")
    func quoteInURLStaysInAttribute() throws {
        let html = try description(of: .single(hostile))

        #expect(html.contains(
            "<a href=\"https://scanner.example/findings/1?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"))
    }

    @Test("excludeSensitiveInfo leaves the details out of a single work item and says so")
    func singleExcludesDetails() throws {
        let html = try description(of: .single(Samples.vulnerability()), excludeSensitiveInfo: true)

        #expect(!html.contains("POST /cart/apply-coupon"))
        #expect(!html.contains("OR 1=1"))
        #expect(!html.contains("<h4>Details</h4>"))
        #expect(html.contains("withheld by this configuration"))
        #expect(html.contains("reaches a SQL query unescaped."))
    }

    @Test("excludeSensitiveInfo leaves the details column out of a bulk table")
    func bulkExcludesDetails() throws {
        let scope = TicketScope.bulk([Samples.vulnerability(id: "v1"), Samples.vulnerability(id: "v2")])

        let withDetails = try description(of: scope)
        let withoutDetails = try description(of: scope, excludeSensitiveInfo: true)

        #expect(withDetails.contains("<td><b>Details</b></td>"))
        #expect(withDetails.contains("OR 1=1"))
        #expect(!withoutDetails.contains("<td><b>Details</b></td>"))
        #expect(!withoutDetails.contains("OR 1=1"))
        #expect(!withoutDetails.contains("POST /cart"))
        #expect(withoutDetails.contains("withheld by this configuration"))
    }

    @Test("a bulk table has a header row and one row per finding, each with its id")
    func bulkRows() throws {
        let vulnerabilities = [
            Samples.vulnerability(id: "v1", title: "First", severity: .low),
            Samples.vulnerability(id: "v2", title: "Second", severity: .critical),
            Samples.vulnerability(id: "v3", title: "Third", severity: .medium),
        ]

        let html = try description(of: .bulk(vulnerabilities))

        #expect(html.hasPrefix("<p>3 vulnerabilities, highest severity Critical.</p>"))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 4)
        for vulnerability in vulnerabilities {
            #expect(html.contains("<td>\(vulnerability.title)</td><td>\(vulnerability.severity.rawValue)</td>"))
            #expect(html.contains("<td>\(vulnerability.id)</td></tr>"))
        }
    }

    @Test("a finding without description, details, URL or first-seen date leaves those parts out")
    func sparseFinding() throws {
        let sparse = Vulnerability(
            id: "v9", applicationId: "app-checkout", applicationName: "Checkout", title: "Missing HSTS",
            rule: "hsts", severity: .low)

        let html = try description(of: .single(sparse))

        #expect(!html.contains("First seen"))
        #expect(!html.contains("Finding"))
        #expect(!html.contains("Description"))
        #expect(!html.contains("Details"))
        #expect(!html.contains("withheld"))
        #expect(html.contains("<td>v9</td>"))
    }
}
