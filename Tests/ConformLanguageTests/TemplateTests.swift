import ConformLanguage
import Testing

@Suite("Template")
struct TemplateTests {
    typealias Part = Template.Part

    @Test(
        "parses parts",
        arguments: [
            ("", []),
            ("plain text", [.literal("plain text")]),
            ("${a}", [.reference(.variable("a"), offset: 0)]),
            ("x/${a}/y", [.literal("x/"), .reference(.variable("a"), offset: 2), .literal("/y")]),
            ("${a}${b}", [.reference(.variable("a"), offset: 0), .reference(.variable("b"), offset: 4)]),
            ("${json.items[0].id}", [.reference(.variable("json.items[0].id"), offset: 0)]),
            ("${job-id}", [.reference(.variable("job-id"), offset: 0)]),
            ("${env.X}", [.reference(.environment("X", fallback: nil), offset: 0)]),
            ("${env.X:-def}", [.reference(.environment("X", fallback: "def"), offset: 0)]),
            ("${env.X:-}", [.reference(.environment("X", fallback: ""), offset: 0)]),
            (
                "${env.API:-http://h:80/a}",
                [.reference(.environment("API", fallback: "http://h:80/a"), offset: 0)]
            ),
            ("$${a}", [.literal("${a}")]),
            ("a$${b}${c}", [.literal("a${b}"), .reference(.variable("c"), offset: 6)]),
            ("cost: $5 {x}", [.literal("cost: $5 {x}")]),
            ("é${a}", [.literal("é"), .reference(.variable("a"), offset: 1)]),
        ] as [(String, [Part])])
    func parses(text: String, parts: [Part]) throws {
        let template = try Template(parsing: text)
        #expect(template.parts == parts)
        #expect(template.source == text)
    }

    @Test(
        "rejects bad references",
        arguments: [
            ("abc${", "unterminated '${' in template", 3),
            ("${a}/${b", "unterminated '${' in template", 5),
            ("x${}", "empty reference '${}'", 1),
            ("${1a}", "invalid reference '${1a}'", 0),
            ("ab${a b}", "invalid reference '${a b}'", 2),
            ("${env.}", "invalid environment variable name ''", 0),
            ("${env.API-URL}", "invalid environment variable name 'API-URL'", 0),
            ("${env.:-x}", "invalid environment variable name ''", 0),
        ])
    func rejects(text: String, message: String, offset: Int) throws {
        let error = try #require(throws: Template.SyntaxError.self) { try Template(parsing: text) }
        #expect(error.message == message)
        #expect(error.offset == offset)
    }

    @Test("error hints")
    func hints() throws {
        let unterminated = try #require(throws: Template.SyntaxError.self) { try Template(parsing: "${a") }
        #expect(unterminated.hint == "close it with '}'")
        let environment = try #require(throws: Template.SyntaxError.self) { try Template(parsing: "${env.a b}") }
        #expect(environment.hint == "write ${env.NAME} or ${env.NAME:-default}")
    }

    @Test("literal templates")
    func literal() throws {
        #expect(try Template(parsing: "plain").isLiteral)
        #expect(try Template(parsing: "$${x}").isLiteral)
        #expect(!(try Template(parsing: "${x}").isLiteral))
        #expect(Template(literal: "${x}").isLiteral)
        #expect(Template(literal: "").parts.isEmpty)
    }

    @Test("references with offsets")
    func references() throws {
        let template = try Template(parsing: "${api}/jobs/${env.JOB:-1}")
        #expect(template.references.map(\.offset) == [0, 12])
        #expect(template.references.map(\.0) == [.variable("api"), .environment("JOB", fallback: "1")])
    }

    @Test(
        "root names",
        arguments: [
            ("job_id", "job_id"),
            ("json.status", "json"),
            ("keys[0]", "keys"),
            ("header.Retry-After", "header"),
            ("json", "json"),
        ])
    func rootName(name: String, root: String) {
        #expect(Template.rootName(name) == root)
    }

    @Test("location of a reference")
    func referenceLocation() throws {
        let yaml = """
            vars:
              plain: x/${a}
              quoted: "y/${a}"
              escaped: "z\\t${a}"
            steps:
              - sleep: 1s
            """
        // `a` is undefined, so each reference is reported where the loader placed it.
        let error = try #require(throws: DiagnosticList.self) { try ScenarioLoader.parse(yaml, file: "t.yaml") }
        let columns = error.diagnostics.map { $0.location?.column ?? 0 }
        let lengths = error.diagnostics.map(\.length)
        #expect(columns == [12, 14, 13])
        #expect(lengths == [4, 4, 1])
    }
}
