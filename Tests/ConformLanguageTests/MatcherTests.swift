import ConformLanguage
import Testing

/// One matcher as written under `expect`, one actual value as JSON text (nil: missing), and whether
/// the check passes.
struct MatcherCase: Sendable, CustomTestStringConvertible {
    let yaml: String
    let actual: String?
    let passes: Bool

    init(_ yaml: String, _ actual: String?, _ passes: Bool) {
        self.yaml = yaml
        self.actual = actual
        self.passes = passes
    }

    var testDescription: String { "\(yaml) against \(actual ?? "missing")" }
}

@Suite("Matcher")
struct MatcherTests {
    @Test(
        "equals",
        arguments: [
            MatcherCase("200", "200", true),
            MatcherCase("200", #""200""#, true),
            MatcherCase("200", "200.0", true),
            MatcherCase("200", "2e2", true),
            MatcherCase("200", "201", false),
            MatcherCase(#""200""#, "200", false),
            MatcherCase(#""200""#, #""200""#, true),
            MatcherCase("'200'", "200", false),
            MatcherCase("true", "true", true),
            MatcherCase("true", #""true""#, true),
            MatcherCase("true", "false", false),
            MatcherCase(#""true""#, "true", false),
            MatcherCase("null", "null", true),
            MatcherCase("~", "null", true),
            MatcherCase(#""null""#, "null", false),
            MatcherCase("null", #""""#, false),
            MatcherCase("completed", #""completed""#, true),
            MatcherCase("completed", #""Completed""#, false),
            MatcherCase("completed", nil, false),
            MatcherCase("completed", #"["completed"]"#, false),
            MatcherCase("{equals: completed}", #""completed""#, true),
            MatcherCase("[1, two]", #"[1,"two"]"#, true),
            MatcherCase("[1, two]", #"[1,"two",3]"#, false),
            MatcherCase("{equals: {a: 1, b: [x]}}", #"{"a":1.0,"b":["x"]}"#, true),
            MatcherCase("{equals: {a: 1}}", #"{"a":"1"}"#, false),
        ])
    func equals(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "in",
        arguments: [
            MatcherCase("{in: [completed, failed]}", #""failed""#, true),
            MatcherCase("{in: [completed, failed]}", #""pending""#, false),
            MatcherCase("{in: [completed, failed]}", nil, false),
            MatcherCase("{in: [200, 201]}", "201", true),
            MatcherCase(#"{in: ["200"]}"#, "200", false),
            MatcherCase("{in: [{min: 500}, 429]}", "503", true),
            MatcherCase("{in: []}", "1", false),
        ])
    func oneOf(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "matches, glob and contains",
        arguments: [
            MatcherCase(#"{matches: "^job-[0-9]+$"}"#, #""job-42""#, true),
            MatcherCase(#"{matches: "^job-[0-9]+$"}"#, #""job-x""#, false),
            MatcherCase(#"{matches: "^2"}"#, "204", true),
            MatcherCase(#"{matches: "done"}"#, #""not done yet""#, true),
            MatcherCase(#"{glob: "uploads/*.png"}"#, #""uploads/a.png""#, true),
            MatcherCase(#"{glob: "uploads/*.png"}"#, #""uploads/job/a.png""#, false),
            MatcherCase(#"{glob: "uploads/**.png"}"#, #""uploads/job/a.png""#, true),
            MatcherCase(#"{glob: "${prefix}/*"}"#, #""uploads/a""#, true),
            MatcherCase("{contains: smoke}", #""0a1b_smoke.png""#, true),
            MatcherCase("{contains: smoke}", #""0a1b_drawing.png""#, false),
            MatcherCase("{contains: b}", #"["a","b"]"#, true),
            MatcherCase("{contains: 2}", "[1,2]", true),
            MatcherCase("{contains: z}", #"["a","b"]"#, false),
            MatcherCase("{contains: ok}", #"{"ok":true}"#, true),
        ])
    func text(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "exists and absent",
        arguments: [
            MatcherCase("{exists: true}", "null", true),
            MatcherCase("{exists: true}", "0", true),
            MatcherCase("{exists: true}", nil, false),
            MatcherCase("{exists: false}", nil, true),
            MatcherCase("{exists: false}", "1", false),
            MatcherCase("{absent: true}", nil, true),
            MatcherCase("{absent: true}", "null", false),
            MatcherCase("{absent: false}", "1", true),
        ])
    func presence(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "min and max",
        arguments: [
            MatcherCase("{min: 1}", "1", true),
            MatcherCase("{min: 1}", "0", false),
            MatcherCase("{min: 1}", "0.5", false),
            MatcherCase("{min: 1}", #""3""#, true),
            MatcherCase("{min: 1}", #""many""#, false),
            MatcherCase("{min: 1}", "[1,2]", false),
            MatcherCase("{min: 1}", nil, false),
            MatcherCase("{max: 10}", "10", true),
            MatcherCase("{max: 10}", "10.5", false),
            MatcherCase("{max: -1.5}", "-2", true),
            MatcherCase("{min: 1, max: 3}", "2", true),
            MatcherCase("{min: 1, max: 3}", "4", false),
        ])
    func bounds(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "type",
        arguments: [
            MatcherCase("{type: integer}", "3", true),
            MatcherCase("{type: integer}", "3.0", true),
            MatcherCase("{type: integer}", "3.5", false),
            MatcherCase("{type: integer}", #""3""#, false),
            MatcherCase("{type: number}", "3.5", true),
            MatcherCase("{type: number}", #""3.5""#, false),
            MatcherCase("{type: string}", #""3""#, true),
            MatcherCase("{type: string}", "3", false),
            MatcherCase("{type: boolean}", "false", true),
            MatcherCase("{type: null}", "null", true),
            MatcherCase("{type: null}", nil, false),
            MatcherCase("{type: array}", "[]", true),
            MatcherCase("{type: object}", "{}", true),
            MatcherCase("{type: object}", "[]", false),
        ])
    func type(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "length",
        arguments: [
            MatcherCase("{length: 3}", "[1,2,3]", true),
            MatcherCase("{length: 3}", "[1,2]", false),
            MatcherCase("{length: {min: 1}}", "[]", false),
            MatcherCase("{length: 5}", #""hello""#, true),
            MatcherCase("{length: 1}", #""é""#, true),
            MatcherCase("{length: 1}", #"{"a":1}"#, true),
            MatcherCase("{length: 1}", "1", false),
            MatcherCase("{length: 0}", nil, false),
        ])
    func length(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "list items",
        arguments: [
            MatcherCase(#"{all_match: "up/*.png"}"#, #"["up/a.png","up/b.png"]"#, true),
            MatcherCase(#"{all_match: "up/*.png"}"#, #"["up/a.png","up/b.txt"]"#, false),
            MatcherCase(#"{all_match: "up/*.png"}"#, "[]", true),
            MatcherCase(#"{all_match: "up/*.png"}"#, #""up/a.png""#, false),
            MatcherCase(#"{any_match: "*.txt"}"#, #"["up/a.png","b.txt"]"#, true),
            MatcherCase(#"{any_match: "*.txt"}"#, "[]", false),
            MatcherCase(#"{none_match: "*.txt"}"#, #"["a.png","b.txt"]"#, false),
            MatcherCase(#"{none_match: "*.txt"}"#, #"["a.png"]"#, true),
            MatcherCase(#"{all_match: {regex: "^up/[0-9a-f]{32}_"}}"#, #"["up/0123456789abcdef0123456789abcdef_a.png"]"#, true),
            MatcherCase(#"{all_match: {regex: "^up/[0-9a-f]{32}_"}}"#, #"["up/xyz_a.png"]"#, false),
            MatcherCase("{all_match: {min: 1}}", "[1,2]", true),
            MatcherCase("{all_match: {min: 1}}", "[0,2]", false),
        ])
    func items(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "not and several keys",
        arguments: [
            MatcherCase("{not: failed}", #""completed""#, true),
            MatcherCase("{not: failed}", #""failed""#, false),
            MatcherCase("{not: {exists: true}}", nil, true),
            MatcherCase("{not: {in: [failed, canceled]}}", #""completed""#, true),
            MatcherCase(#"{type: string, matches: "^a"}"#, #""abc""#, true),
            MatcherCase(#"{type: string, matches: "^a"}"#, #""bcd""#, false),
            MatcherCase(#"{type: string, matches: "^a"}"#, "1", false),
        ])
    func combined(_ check: MatcherCase) throws {
        #expect(try ScenarioFixture.evaluate(check.yaml, against: check.actual).passed == check.passes)
    }

    @Test(
        "expected text",
        arguments: [
            ("200", "equals 200"),
            (#""200""#, #"equals "200""#),
            ("[1, two]", #"equals [1,"two"]"#),
            ("{in: [completed, failed]}", "one of [completed, failed]"),
            (#"{in: ["a b", {min: 1}]}"#, #"one of ["a b", >= 1]"#),
            (#"{matches: "^job-"}"#, "matches /^job-/"),
            (#"{glob: "${prefix}/*"}"#, #"matches glob "uploads/*""#),
            ("{contains: smoke}", #"contains "smoke""#),
            ("{exists: true}", "exists"),
            ("{exists: false}", "absent"),
            ("{min: 1, max: 2.5}", ">= 1 and <= 2.5"),
            ("{type: integer}", "of type integer"),
            ("{length: {min: 1}}", "length >= 1"),
            (#"{all_match: "${prefix}/*.png"}"#, #"each item matches glob "uploads/*.png""#),
            (#"{any_match: {regex: "x$"}}"#, "at least one item matches /x$/"),
            ("{none_match: {max: 0}}", "no item <= 0"),
            ("{not: failed}", "not equals failed"),
        ])
    func expectedText(yaml: String, expected: String) throws {
        #expect(try ScenarioFixture.evaluate(yaml, against: "0").expected == expected)
    }

    @Test("expected text for a missing value")
    func expectedWhenMissing() throws {
        #expect(try ScenarioFixture.evaluate("{min: 1}", against: nil).expected == ">= 1")
    }

    @Test("render errors propagate")
    func renderError() throws {
        struct Undefined: Error {}
        let matcher = try ScenarioFixture.matcher(#"{glob: "${prefix}/*"}"#)
        #expect(throws: Undefined.self) {
            _ = try matcher.evaluate(.string("uploads/a")) { (_: Template) throws(Undefined) -> String in throw Undefined() }
        }
    }

    @Test("nested json checks")
    func nestedChecks() throws {
        let scenario = try ScenarioFixture.load(
            """
            steps:
              - http: {get: http://localhost/}
                expect:
                  status: {in: [200, 201]}
                  headers: {Content-Type: {contains: json}}
                  json:
                    result: {success: true, items: {length: 2}}
                    "[\\"a.b\\"]": 1
                    tags[0]: x
            """)
        let subjects = scenario.steps[0].expectations.map(\.subject)
        #expect(subjects == [
            "status", "header.Content-Type", "json.result.success", "json.result.items", #"json["a.b"]"#, "json.tags[0]",
        ])
    }
}

@Suite("Glob")
struct GlobTests {
    @Test(
        "matches",
        arguments: [
            ("*", "abc", true),
            ("*", "", true),
            ("*", "a/b", false),
            ("*.png", "a.png", true),
            ("*.png", "dir/a.png", false),
            ("**", "a/b/c", true),
            ("**.png", "a/b/c.png", true),
            ("up/**/x", "up/a/b/x", true),
            ("up/*/x", "up/a/b/x", false),
            ("file?.txt", "file1.txt", true),
            ("file?.txt", "file.txt", false),
            ("file?.txt", "file12.txt", false),
            ("a?b", "a/b", false),
            ("[abc]*", "beta", true),
            ("[abc]*", "delta", false),
            ("[!a]*", "apple", false),
            ("[!a]*", "pear", true),
            ("[^a]x", "bx", true),
            ("v[0-9]", "v7", true),
            ("v[0-9]", "vx", false),
            ("[]]", "]", true),
            ("a[-]b", "a-b", true),
            ("[unclosed", "[unclosed", true),
            ("exact", "exact", true),
            ("exact", "exactly", false),
            ("*_smoke.png", "0123abcd_smoke.png", true),
        ])
    func matches(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("many stars without a match")
    func manyStars() {
        // Backtracking without memoisation would take exponential time here.
        let text = String(repeating: "a", count: 300) + "b"
        #expect(!Glob("*a*a*a*a*a*c").matches(text))
    }
}
