import Foundation
import Testing

@testable import JSON

@Suite("Codable bridge")
struct JSONCodingTests {
    enum Severity: String, Codable { case critical = "Critical", high = "High" }

    struct Finding: Codable, Equatable {
        var id: String
        var severity: Severity
        var score: Int
        var tags: [String]
        var seenAt: Date?
        var extra: JSONValue?
    }

    struct Report: Codable, Equatable {
        var applicationId: String
        var vulnerabilities: [Finding]
    }

    @Test("a nested Codable type survives encode, write, parse and decode")
    func roundTrip() throws {
        let report = Report(applicationId: "app-1", vulnerabilities: [
            Finding(
                id: "v1", severity: .critical, score: 9, tags: ["sqli"],
                seenAt: Date(timeIntervalSince1970: 1_796_398_201.123),
                extra: ["big": .number(JSONNumber(text: "123456789012345678901")!)]
            ),
            Finding(id: "v2", severity: .high, score: 5, tags: [], seenAt: nil, extra: nil),
        ])
        let encoded = try JSONValueEncoder().encode(report)
        let text = JSONWriter.string(encoded)
        #expect(text.hasPrefix(#"{"applicationId":"app-1","vulnerabilities":[{"id":"v1","severity":"Critical","#))
        #expect(text.contains(#""seenAt":"2026-12-04T15:30:01.123Z""#))
        #expect(text.contains(#""big":123456789012345678901"#))
        #expect(!text.contains("v2\",\"severity\":\"High\",\"score\":5,\"tags\":[],\"seenAt\""))

        let decoded = try JSONParser.parse(text).decode(Report.self)
        #expect(decoded == report)
    }

    @Test("dates decode with or without fractional seconds and with offsets", arguments: [
        ("2026-12-04T15:30:01Z", 1_796_398_201.0),
        ("2026-12-04T15:30:01.5Z", 1_796_398_201.5),
        ("2026-12-04T17:30:01.250+02:00", 1_796_398_201.25),
    ])
    func dates(text: String, seconds: Double) throws {
        let date = try JSONValue.string(text).decode(Date.self)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test("a malformed date names its field")
    func badDate() throws {
        let value: JSONValue = ["applicationId": "a", "vulnerabilities": [
            ["id": "v", "severity": "High", "score": 1, "tags": [], "seenAt": "yesterday"],
        ]]
        let error = try #require(throws: JSONDecodingError.self) { try value.decode(Report.self) }
        #expect(error.field == "vulnerabilities[0].seenAt")
    }

    @Test("decoding failures become readable field paths", arguments: [
        (#"{"applicationId":"a","vulnerabilities":[{},{},{},{"id":"v","severity":"Bogus","score":1,"tags":[]}]}"#,
            "vulnerabilities[0].id", "is required"),
        (#"{"applicationId":"a","vulnerabilities":[{"id":"v","severity":"High","score":"9","tags":[]}]}"#,
            "vulnerabilities[0].score", "expected an integer, found a string"),
        (#"{"applicationId":5,"vulnerabilities":[]}"#, "applicationId", "expected a string, found a number"),
        (#"{"applicationId":null,"vulnerabilities":[]}"#, "applicationId", "must not be null"),
        (#"{"applicationId":"a","vulnerabilities":[{"id":"v","severity":"High","score":1,"tags":[1]}]}"#,
            "vulnerabilities[0].tags[0]", "expected a string, found a number"),
        (#"{"applicationId":"a","vulnerabilities":[{"id":"v","severity":"High","score":1.5,"tags":[]}]}"#,
            "vulnerabilities[0].score", "expected an integer between"),
        (#"[]"#, "", "expected an object, found an array"),
    ])
    func fieldPaths(text: String, field: String, reason: String) throws {
        let error = try #require(throws: JSONDecodingError.self) { try JSONParser.parse(text).decode(Report.self) }
        #expect(error.field == field)
        #expect(error.reason.hasPrefix(reason))
    }

    @Test("an invalid enum value names the element it sits in")
    func invalidEnum() throws {
        let text = #"{"applicationId":"a","vulnerabilities":["#
            + Array(repeating: #"{"id":"v","severity":"High","score":1,"tags":[]}"#, count: 3).joined(separator: ",")
            + #",{"id":"v","severity":"Bogus","score":1,"tags":[]}]}"#
        let error = try #require(throws: JSONDecodingError.self) { try JSONParser.parse(text).decode(Report.self) }
        #expect(error.field == "vulnerabilities[3].severity")
        #expect(error.reason.contains("Bogus"))
    }

    @Test("integers decode from integral floating text but not beyond their range")
    func integers() throws {
        #expect(try JSONValue.number(JSONNumber(text: "3.0")!).decode(Int.self) == 3)
        #expect(try JSONValue.number(JSONNumber(text: "1e2")!).decode(UInt8.self) == 100)
        #expect(throws: JSONDecodingError.self) { try JSONValue.number(JSONNumber(text: "300")!).decode(UInt8.self) }
    }

    @Test("infinity cannot be encoded")
    func infinity() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
    }

    @Test("dictionaries and optionals encode as objects and omitted members")
    func dictionaries() throws {
        struct Holder: Codable { var map: [String: Int]; var missing: String? }
        let value = try JSONValueEncoder().encode(Holder(map: ["a": 1], missing: nil))
        #expect(value == ["map": ["a": 1]])
    }

    @Test("milliseconds are written with three digits and round to the nearest")
    func timestampWriting() {
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        let date = Date(timeIntervalSince1970: 1_796_398_201.0096)
        #expect(ISO8601Timestamp.string(from: date) == "2026-12-04T15:30:01.010Z")
    }
}
