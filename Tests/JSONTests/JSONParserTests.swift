import Testing

@testable import JSON

@Suite("JSON parser and writer")
struct JSONParserTests {
    @Test("compact text round-trips byte for byte", arguments: [
        #"{"jsonrpc":"2.0","method":"health.check","params":{"service":"x"},"id":1}"#,
        #"[1,-0.5,1e10,2.5E-3,true,false,null,"",{},[]]"#,
        #"{"z":1,"a":2,"m":[{"b":null}]}"#,
        #""caf\u00e9 ✓ 😀""#,
    ])
    func roundTrip(text: String) throws {
        let value = try JSONParser.parse(text)
        let written = JSONWriter.string(value)
        let reparsed = try JSONParser.parse(written)
        #expect(reparsed == value)
        if !text.contains("\\u") {
            #expect(written == text)
        }
    }

    @Test("integers beyond 2^53 keep every digit")
    func bigNumbers() throws {
        let text = #"{"id":123456789012345678901234567890,"x":-9007199254740993,"y":1.000000000000000000001}"#
        let value = try JSONParser.parse(text)
        #expect(value["id"]?.numberValue?.text == "123456789012345678901234567890")
        #expect(value["x"]?.numberValue?.int64Value == -9_007_199_254_740_993)
        #expect(JSONWriter.string(value) == text)
    }

    @Test("escapes and surrogate pairs decode to the right scalars")
    func escapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\tAé😀"))
    }

    @Test("the writer escapes control characters and never emits a raw newline")
    func writerEscapes() {
        let written = JSONWriter.string(.string("line1\nline2\r\t\u{1}\"\\é"))
        #expect(written == #""line1\nline2\r\t\u0001\"\\é""#)
        #expect(!written.utf8.contains(UInt8(ascii: "\n")))
    }

    @Test("a lone surrogate escape is rejected", arguments: [#""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#])
    func loneSurrogate(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test("invalid UTF-8 inside a string is reported as such", arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // bad continuation
        [0x22, 0xC0, 0xAF, 0x22],  // overlong
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xE2, 0x82, 0x22],  // truncated
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error.kind == .invalidUTF8)
    }

    @Test("100,000 nested arrays fail with tooDeep instead of crashing")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(error.kind == .tooDeep)
        #expect(error.offset == 256)
    }

    @Test("nesting exactly at the limit is accepted")
    func nestingAtLimit() throws {
        let text = String(repeating: #"{"a":"#, count: 255) + "[]" + String(repeating: "}", count: 255)
        _ = try JSONParser.parse(text)
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let expected = JSONParseError(
            kind: .tooDeep, offset: 256, reason: "arrays and objects nest deeper than 256 levels"
        )
        #expect(throws: expected) {
            try JSONParser.parse(tooDeep)
        }
    }

    @Test("a key repeated in one object is a duplicateKey error, also in large objects")
    func duplicateKeys() throws {
        let small = try #require(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#) }
        #expect(small.kind == .duplicateKey)
        #expect(small.offset == 13)

        let keys = (0..<20).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let large = try #require(throws: JSONParseError.self) { try JSONParser.parse("{\(keys),\"k17\":0}") }
        #expect(large.kind == .duplicateKey)

        _ = try JSONParser.parse(#"{"a":{"a":1},"b":{"a":2}}"#)
    }

    @Test("syntax errors name the byte offset", arguments: [
        ("", 0), ("{", 1), (#"{"a" 1}"#, 5), ("[1,]", 3), ("01", 1), ("[1 2]", 3), ("tru", 0), ("1.", 0),
        (#""a"#, 2), ("\"a\u{1}\"", 2), ("{} x", 3), (#"{"a":1,}"#, 7),
    ])
    func syntaxErrors(text: String, offset: Int) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(error.kind == .syntax)
        #expect(error.offset == offset)
    }

    @Test("numbers accept the JSON grammar only", arguments: ["0", "-0", "1.5", "1e5", "1E+5", "-1.25e-7"])
    func validNumbers(text: String) throws {
        #expect(try JSONParser.parse(text) == .number(JSONNumber(text: text)!))
    }

    @Test("number text that JSON forbids is refused", arguments: ["+1", ".5", "1.e3", "0x10", "NaN", "--1", "1e"])
    func invalidNumbers(text: String) {
        #expect(JSONNumber(text: text) == nil)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test("accessors reach members and elements")
    func accessors() throws {
        let value = try JSONParser.parse(#"{"a":[10,"x",true,null],"b":{"c":2.5}}"#)
        #expect(value["a"]?[0]?.intValue == 10)
        #expect(value["a"]?[1]?.stringValue == "x")
        #expect(value["a"]?[2]?.boolValue == true)
        #expect(value["a"]?[3]?.isNull == true)
        #expect(value["a"]?[4] == nil)
        #expect(value["b"]?["c"]?.doubleValue == 2.5)
        #expect(value.objectValue?.keys == ["a", "b"])
    }
}
