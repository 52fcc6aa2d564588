import ConformLanguage
import Testing

@Suite("EnvFile")
struct EnvFileTests {
    @Test(
        "reads one line",
        arguments: [
            ("API_URL=http://localhost:8000", "API_URL", "http://localhost:8000"),
            ("export API_URL=http://localhost:8000", "API_URL", "http://localhost:8000"),
            ("  export   NAME=x", "NAME", "x"),
            ("NAME = spaced ", "NAME", "spaced"),
            ("EMPTY=", "EMPTY", ""),
            ("QUERY=a=b&c=d", "QUERY", "a=b&c=d"),
            ("INLINE=value # a comment", "INLINE", "value"),
            ("HASH=a#b", "HASH", "a#b"),
            ("SINGLE='a b $HOME \\n # kept'", "SINGLE", "a b $HOME \\n # kept"),
            (#"DOUBLE="line\nnext""#, "DOUBLE", "line\nnext"),
            (#"ESCAPES="tab\there \"q\" back\\slash\r""#, "ESCAPES", "tab\there \"q\" back\\slash\r"),
            (#"OTHER="\$keep""#, "OTHER", "$keep"),
            ("QUOTED='v' # comment", "QUOTED", "v"),
            ("CRLF=value\r", "CRLF", "value"),
            ("dotted.name=1", "dotted.name", "1"),
            ("_PRIVATE=1", "_PRIVATE", "1"),
        ])
    func readsLine(line: String, name: String, value: String) throws {
        let entries = try EnvFile.parse(line, file: "test.env")
        #expect(entries.count == 1)
        #expect(entries.first?.name == name)
        #expect(entries.first?.value == value)
    }

    @Test("skips comments and blank lines")
    func comments() throws {
        let text = """
            # stack settings

              # indented comment
            A=1
            \t
            B=2
            """
        let entries = try EnvFile.parse(text, file: "test.env")
        #expect(entries.map { "\($0.name)=\($0.value)" } == ["A=1", "B=2"])
    }

    @Test("keeps repeated names in order")
    func repeatedNames() throws {
        let entries = try EnvFile.parse("A=1\nA=2\n", file: "test.env")
        #expect(entries.map(\.value) == ["1", "2"])
    }

    @Test("reports every bad line")
    func errors() throws {
        let text = """
            A=1
            just words
            1ABC=2
            BAD-NAME=3
            OPEN="no end
            SHUT='also open
            =value
            """
        let expected = """
            error: invalid line in env file: expected NAME=value
             --> test.env:2:1
            2 | just words
              | ^ comment lines start with '#'

            error: invalid variable name '1ABC' in env file
             --> test.env:3:1
            3 | 1ABC=2
              | ^^^^

            error: invalid variable name 'BAD-NAME' in env file
             --> test.env:4:1
            4 | BAD-NAME=3
              | ^^^^^^^^

            error: unterminated " quote in env file value
             --> test.env:5:1
            5 | OPEN="no end
              | ^

            error: unterminated ' quote in env file value
             --> test.env:6:1
            6 | SHUT='also open
              | ^

            error: invalid variable name '' in env file
             --> test.env:7:1
            7 | =value
              | ^
            """
        let error = try #require(throws: DiagnosticList.self) { try EnvFile.parse(text, file: "test.env") }
        #expect(DiagnosticRenderer(sources: ["test.env": text]).render(error.diagnostics) == expected)
    }

    @Test("CRLF line endings")
    func crlf() throws {
        let entries = try EnvFile.parse("# made on Windows\r\nA=1\r\nB=\"two\"\r\n", file: "test.env")
        #expect(entries.map { "\($0.name)=\($0.value)" } == ["A=1", "B=two"])
    }

    @Test("CRLF error line")
    func crlfError() throws {
        let text = "A=1\r\noops\r\n"
        let error = try #require(throws: DiagnosticList.self) { try EnvFile.parse(text, file: "test.env") }
        let expected = """
            error: invalid line in env file: expected NAME=value
             --> test.env:2:1
            2 | oops
              | ^ comment lines start with '#'
            """
        #expect(DiagnosticRenderer(sources: ["test.env": text]).render(error.diagnostics) == expected)
    }
}
