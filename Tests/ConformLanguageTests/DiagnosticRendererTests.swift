import ConformLanguage
import Testing

@Suite("DiagnosticRenderer")
struct DiagnosticRendererTests {
    static let source = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"

    @Test("wide line numbers")
    func wideGutter() {
        let renderer = DiagnosticRenderer(sources: ["a.yaml": Self.source])
        let diagnostic = Diagnostic.error(
            "bad value", at: SourceLocation(file: "a.yaml", line: 12, column: 6), length: 2, hint: "fix it")
        let expected = """
            error: bad value
              --> a.yaml:12:6
            12 | line 12
               |      ^^ fix it
            """
        #expect(renderer.render(diagnostic) == expected)
    }

    @Test("warning without a hint")
    func warning() {
        let renderer = DiagnosticRenderer(sources: ["a.yaml": Self.source])
        let diagnostic = Diagnostic(.warning, "odd value", at: SourceLocation(file: "a.yaml", line: 2, column: 1), length: 4)
        let expected = """
            warning: odd value
             --> a.yaml:2:1
            2 | line 2
              | ^^^^
            """
        #expect(renderer.render(diagnostic) == expected)
    }

    @Test("no location")
    func noLocation() {
        let diagnostic = Diagnostic.error("cannot read scenario file 'x.yaml'", at: nil, hint: "check the path")
        #expect(DiagnosticRenderer().render(diagnostic) == "error: cannot read scenario file 'x.yaml'\n  = check the path")
    }

    @Test("source not available")
    func unknownSource() {
        let diagnostic = Diagnostic.error("bad value", at: SourceLocation(file: "b.yaml", line: 3, column: 2), hint: "fix it")
        #expect(DiagnosticRenderer().render(diagnostic) == "error: bad value\n --> b.yaml:3:2\n  = fix it")
    }

    @Test("line past the end")
    func linePastEnd() {
        let renderer = DiagnosticRenderer(sources: ["a.yaml": "one\n"])
        let diagnostic = Diagnostic.error("bad value", at: SourceLocation(file: "a.yaml", line: 9, column: 1))
        #expect(renderer.render(diagnostic) == "error: bad value\n --> a.yaml:9:1")
    }

    @Test("tabs keep carets aligned")
    func tabs() {
        let renderer = DiagnosticRenderer(sources: ["a.yaml": "key:\tvalue\n"])
        let diagnostic = Diagnostic.error("bad value", at: SourceLocation(file: "a.yaml", line: 1, column: 6), length: 5)
        #expect(renderer.render(diagnostic) == "error: bad value\n --> a.yaml:1:6\n1 | key: value\n  |      ^^^^^")
    }

    @Test("length below one")
    func zeroLength() {
        let diagnostic = Diagnostic.error("x", at: nil, length: 0)
        #expect(diagnostic.length == 1)
    }

    @Test("several diagnostics")
    func several() {
        let renderer = DiagnosticRenderer(sources: ["a.yaml": Self.source])
        let diagnostics = [
            Diagnostic.error("first", at: SourceLocation(file: "a.yaml", line: 1, column: 1)),
            Diagnostic.error("second", at: nil),
        ]
        #expect(renderer.render(diagnostics) == "error: first\n --> a.yaml:1:1\n1 | line 1\n  | ^\n\nerror: second")
    }
}
