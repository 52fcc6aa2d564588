import ConformLanguage
import Testing

@Suite("JSONParser")
struct JSONParserTests {
    @Test(
        "parses valid documents",
        arguments: [
            ("null", "null"),
            (" true ", "true"),
            ("\t\r\n[ 1 , 2 ]\n", "[1,2]"),
            (#"{"b": 1, "a": [true, false, null]}"#, #"{"b":1,"a":[true,false,null]}"#),
            ("{}", "{}"),
            ("[[]]", "[[]]"),
            ("1.50", "1.50"),
            ("-0", "-0"),
            ("-0.5e+10", "-0.5e+10"),
            ("1E-3", "1E-3"),
            ("12345678901234567890", "12345678901234567890"),
            (#""a\"b\\c\/d""#, #""a\"b\\c/d""#),
            (#""\b\f\n\r\t""#, #""\u0008\u000c\n\r\t""#),
            (#""caf\u00e9""#, #""café""#),
            (#""\u00E9""#, #""é""#),
            (#""\ud83d\ude00""#, #""😀""#),
            (#""\ud83d""#, #""\#u{FFFD}""#),
            (#""😀 direct""#, #""😀 direct""#),
        ])
    func parses(text: String, compact: String) throws {
        #expect(try JSONParser.parse(text).compactJSON == compact)
    }

    @Test("numbers keep their text")
    func numberText() throws {
        let value = try JSONParser.parse(#"{"size": 1.10, "id": 9007199254740993}"#)
        #expect(value["size"] == .number("1.10"))
        guard case .number(let id)? = value["id"] else {
            Issue.record("id is not a number")
            return
        }
        #expect(id == "9007199254740993")
    }

    @Test("duplicate member keeps the last")
    func duplicateMember() throws {
        let value = try JSONParser.parse(#"{"a": 1, "a": 2}"#)
        #expect(value["a"] == .number("2"))
        #expect(value.compactJSON == #"{"a":1,"a":2}"#)
    }

    @Test(
        "rejects invalid documents",
        arguments: [
            ("", 0, "unexpected end of input"),
            ("[1,2,]", 5, "unexpected character"),
            (#"{"a":1,}"#, 7, "expected a member name"),
            ("{a:1}", 1, "expected a member name"),
            (#"{"a" 1}"#, 5, "expected ':'"),
            ("[1 2]", 3, "expected ',' or ']'"),
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}'"),
            ("[1,", 3, "unexpected end of input"),
            ("[1", 2, "unexpected end of input in an array"),
            (#"{"a":1"#, 6, "unexpected end of input in an object"),
            ("012", 0, "leading zero in a number"),
            ("[-01]", 2, "leading zero in a number"),
            ("1.", 2, "expected digits after '.'"),
            ("1e", 2, "expected digits in the exponent"),
            ("+1", 0, "unexpected character"),
            ("tru", 0, "expected 'true'"),
            ("nul", 0, "expected 'null'"),
            ("1 2", 2, "unexpected text after the value"),
            ("\"a\u{01}b\"", 2, "control character in a string"),
            ("\"a\nb\"", 2, "control character in a string"),
            (#""abc"#, 4, "unterminated string"),
            (#""a\x""#, 4, #"invalid escape '\x'"#),
            (#""\u12""#, 3, #"invalid \u escape"#),
            (#""\u12g4""#, 3, #"invalid \u escape"#),
        ])
    func rejects(text: String, offset: Int, reason: String) throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
        #expect(error.offset == offset)
        #expect(error.reason == reason)
    }

    @Test("error description")
    func description() throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[1,2,]") }
        #expect(error.description == "invalid JSON at byte 5: unexpected character")
    }

    @Test("nesting up to the limit")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser.parse(deepest) }

        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(tooDeep) }
        #expect(error.offset == 512)
        #expect(error.reason == "nesting deeper than 512 levels")
    }

    @Test("bytes that are not UTF-8 text")
    func bytes() throws {
        let value = try JSONParser.parse([0x22, 0x61, 0xFF, 0x22])
        #expect(value == .string("a\u{FFFD}"))
    }
}

@Suite("JSONPath")
struct JSONPathTests {
    typealias Component = JSONPath.Component

    @Test(
        "parses components",
        arguments: [
            ("status", [.key("status")]),
            ("result.duplicates[0].id", [.key("result"), .key("duplicates"), .index(0), .key("id")]),
            ("[0]", [.index(0)]),
            ("items[-1]", [.key("items"), .index(-1)]),
            (#"["key.with.dots"]"#, [.key("key.with.dots")]),
            (#"a["b c"].d"#, [.key("a"), .key("b c"), .key("d")]),
            ("[1][2]", [.index(1), .index(2)]),
            ("", []),
        ] as [(String, [Component])])
    func parses(text: String, components: [Component]) throws {
        #expect(try JSONPath(parsing: text).components == components)
    }

    @Test(
        "rejects bad paths",
        arguments: [
            ("a..b", "empty name in JSON path 'a..b'"),
            (".a", "empty name in JSON path '.a'"),
            ("a.", "JSON path 'a.' ends with '.'"),
            ("a[0", "missing ']' in JSON path 'a[0'"),
            ("a[x]", #"invalid index '[x]' in JSON path 'a[x]'; write [0] or ["key"]"#),
            ("a[]", #"invalid index '[]' in JSON path 'a[]'; write [0] or ["key"]"#),
        ])
    func rejects(text: String, message: String) throws {
        let error = try #require(throws: JSONPath.SyntaxError.self) { try JSONPath(parsing: text) }
        #expect(error.message == message)
    }

    static let document = #"""
        {"status": "completed", "items": [{"id": 1}, {"id": 2}, {"id": 3}], "a.b": true, "n": null}
        """#

    @Test(
        "reads values",
        arguments: [
            ("status", #""completed""#),
            ("items[0].id", "1"),
            ("items[-1].id", "3"),
            ("items[-3].id", "1"),
            (#"["a.b"]"#, "true"),
            ("n", "null"),
            ("items", #"[{"id":1},{"id":2},{"id":3}]"#),
            ("", nil),
        ] as [(String, String?)])
    func reads(path: String, expected: String?) throws {
        let root = try JSONParser.parse(Self.document)
        let value = try JSONPath(parsing: path).value(in: root)
        #expect(value?.compactJSON == (expected ?? root.compactJSON))
    }

    @Test(
        "missing values are nil",
        arguments: ["missing", "items[3]", "items[-4]", "status.length", "status[0]", "items.id", "n.x"])
    func missing(path: String) throws {
        let root = try JSONParser.parse(Self.document)
        #expect(try JSONPath(parsing: path).value(in: root) == nil)
    }
}
