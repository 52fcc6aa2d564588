import ConformLanguage
import Testing

@Suite("YAML semantics")
struct YAMLSemanticsTests {
    static let mergedHeaders = """
        vars: {api: http://localhost}
        steps:
          - id: first
            http:
              get: ${api}/a
              headers: &common {X-API-Key: abc, Accept: application/json}
          - id: second
            http:
              get: ${api}/b
              headers:
                <<: *common
                Accept: text/plain
          - id: third
            http:
              get: ${api}/c
              headers: *common
        """

    func headers(of step: Step) -> [String] {
        guard case .http(let request) = step.action else { return [] }
        return request.headers.map { "\($0.name): \($0.value.source)" }
    }

    @Test("anchor defines headers")
    func anchor() throws {
        let scenario = try ScenarioFixture.load(Self.mergedHeaders)
        #expect(headers(of: scenario.steps[0]) == ["X-API-Key: abc", "Accept: application/json"])
    }

    @Test("merge key keeps written keys")
    func mergeKey() throws {
        let scenario = try ScenarioFixture.load(Self.mergedHeaders)
        #expect(headers(of: scenario.steps[1]) == ["Accept: text/plain", "X-API-Key: abc"])
    }

    @Test("alias copies a mapping")
    func alias() throws {
        let scenario = try ScenarioFixture.load(Self.mergedHeaders)
        #expect(headers(of: scenario.steps[2]) == ["X-API-Key: abc", "Accept: application/json"])
    }

    @Test("aliased values keep anchor lines")
    func aliasLocation() throws {
        let scenario = try ScenarioFixture.load(Self.mergedHeaders)
        guard case .http(let request) = scenario.steps[2].action else {
            Issue.record("third is not an http step")
            return
        }
        #expect(request.headers.map { $0.value.location?.line } == [6, 6])
    }

    @Test("earlier merged mapping wins")
    func mergeList() throws {
        let text = """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            """
        let root = try #require(try YAMLParser(file: "test.yaml").parseDocuments(text).first)
        let merged = try #require(root.mapping?.last?.value.mapping)
        #expect(merged.map { "\($0.key.scalar ?? "")=\($0.value.scalar ?? "")" } == ["w=0", "x=1", "y=1", "z=2"])
    }

    @Test("YAML 1.1 words stay strings in a JSON body")
    func jsonBodyTraps() throws {
        let text = """
            steps:
              - http:
                  post: http://localhost/
                  json: {flag: no, mode: on, code: 010, day: 2024-01-01, octal: 0o17, none: ~, word: "~", yes: true, n: -1.5e3}
            """
        let scenario = try ScenarioFixture.load(text)
        guard case .http(let request) = scenario.steps[0].action, case .json(let body)? = request.body else {
            Issue.record("the step has no JSON body")
            return
        }
        let json = body.resolve(ScenarioFixture.renderWithTestVariables).compactJSON
        let expected = #"""
            {"flag":"no","mode":"on","code":"010","day":"2024-01-01","octal":"0o17","none":null,"word":"~","yes":true,"n":-1.5e3}
            """#
        #expect(json == expected)
    }

    @Test("YAML 1.1 words stay strings in variables")
    func variableTraps() throws {
        let scenario = try ScenarioFixture.load(
            """
            vars: {answer: no, switch: on, code: 010, day: 2024-01-01, nothing: ~}
            steps:
              - sleep: 1s
            """)
        #expect(scenario.variables.map(\.value.source) == ["no", "on", "010", "2024-01-01", "~"])
    }

    @Test(
        "expected scalars keep their meaning",
        arguments: [
            ("no", #""no""#, true),
            ("no", "false", false),
            ("on", "true", false),
            ("\"~\"", #""~""#, true),
            ("\"~\"", "null", false),
            ("~", "null", true),
            ("null", "null", true),
            ("010", #""010""#, true),
            ("010", "8", false),
            ("010", "10", false),
            ("0x10", "16", false),
            ("1e1", "10", true),
            ("2024-01-01", #""2024-01-01""#, true),
            ("true", "true", true),
            ("\"true\"", "true", false),
        ])
    func expectedScalars(yaml: String, actual: String, passes: Bool) throws {
        #expect(try ScenarioFixture.evaluate(yaml, against: actual).passed == passes)
    }

    @Test("scalar read by length")
    func nulInScalar() throws {
        let documents = try YAMLParser(file: "test.yaml").parseDocuments(#"value: "a\0b""#)
        let value = try #require(documents.first?.mapping?.first?.value)
        #expect(value.scalar == "a\u{0}b")
        #expect(value.scalar?.unicodeScalars.count == 3)
    }

    @Test("scalars keep style and position")
    func scalarStyles() throws {
        let text = """
            plain: a
            single: 'b'
            double: "c"
            literal: |
              d
            folded: >
              e
            """
        let root = try #require(try YAMLParser(file: "test.yaml").parseDocuments(text + "\n").first)
        let values = try #require(root.mapping).map(\.value)
        #expect(values.map(\.isPlainScalar) == [true, false, false, false, false])
        #expect(values.map(\.isBlockScalar) == [false, false, false, true, true])
        #expect(values.map(\.scalar) == ["a", "b", "c", "d\n", "e\n"])
        #expect(values.map(\.location.line) == [1, 2, 3, 4, 6])
        #expect(values.map(\.location.column) == [8, 9, 9, 10, 9])
        #expect(values.map(\.textLocation.column) == [8, 10, 10, 10, 9])
    }

    @Test("null spellings")
    func nullSpellings() throws {
        let text = "[~, null, Null, NULL, '', 'null', nil]"
        let root = try #require(try YAMLParser(file: "test.yaml").parseDocuments(text).first)
        let items = try #require(root.sequence)
        #expect(items.map(\.isNull) == [true, true, true, true, false, false, false])
    }

    @Test("document marker alone is one document")
    func documentMarker() throws {
        let scenario = try ScenarioFixture.load("---\nsteps:\n  - sleep: 1s\n...\n")
        #expect(scenario.steps.count == 1)
    }

    @Test("report name defaults to file name")
    func defaultReportName() throws {
        let scenario = try ScenarioFixture.load("steps:\n  - sleep: 250ms\n", file: "Scenarios/dedup2d/s3-cleanup.v2.yaml")
        #expect(scenario.report == "S3_CLEANUP")
        #expect(scenario.steps[0].id == "step_1")
        #expect(scenario.timeout == Scenario.defaultTimeout)
    }
}
