import ConformLanguage
import Testing

@Suite("S3 object steps")
struct S3ObjectStepTests {
    static let s3 = "s3: {endpoint: http://localhost:9000, access_key: a, secret_key: b}"

    static let cases: [BrokenScenario] = [
        BrokenScenario(
            "s3_head without key",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_head: {bucket: uploads}
            """,
            #"""
            error: missing 'key' in 's3_head'
             --> broken.yaml:4:14
            4 |   - s3_head: {bucket: uploads}
              |              ^ add 'key: <object key>'
            """#),
        BrokenScenario(
            "s3_get without bucket",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_get: {key: a.txt}
            """,
            #"""
            error: missing 'bucket' in 's3_get'
             --> broken.yaml:4:13
            4 |   - s3_get: {key: a.txt}
              |             ^ add 'bucket: <name>'
            """#),
        BrokenScenario(
            "s3_put with body and file",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_put: {bucket: uploads, key: a.txt, body: hello, file: a.txt}
            """,
            #"""
            error: 's3_put' has two bodies: body and file
             --> broken.yaml:4:56
            4 |   - s3_put: {bucket: uploads, key: a.txt, body: hello, file: a.txt}
              |                                                        ^^^^ write 'body: <text>' or 'file: <path>', not both
            """#),
        BrokenScenario(
            "s3_put without body",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_put: {bucket: uploads, key: a.txt}
            """,
            #"""
            error: missing 'body' or 'file' in 's3_put'
             --> broken.yaml:4:13
            4 |   - s3_put: {bucket: uploads, key: a.txt}
              |             ^ add 'body: <text>' or 'file: <path>'; 'body: ""' puts an empty object
            """#),
        BrokenScenario(
            "misspelled key in s3_delete",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_delete: {bucket: uploads, kye: a.txt}
            """,
            #"""
            error: unknown key 'kye' in 's3_delete'
             --> broken.yaml:4:34
            4 |   - s3_delete: {bucket: uploads, kye: a.txt}
              |                                  ^^^ did you mean 'key'?
            """#),
        BrokenScenario(
            "misspelled s3 step kind",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_gte: {bucket: uploads, key: a.txt}
            """,
            #"""
            error: unknown key 's3_gte' in a step
             --> broken.yaml:4:5
            4 |   - s3_gte: {bucket: uploads, key: a.txt}
              |     ^^^^^^ did you mean 's3_get'?
            """#),
        BrokenScenario(
            "empty key",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_head: {bucket: uploads, key: ""}
            """,
            #"""
            error: 'key' is empty
             --> broken.yaml:4:37
            4 |   - s3_head: {bucket: uploads, key: ""}
              |                                     ^^ an S3 object needs a key of at least one character
            """#),
        BrokenScenario(
            "invalid and duplicate metadata names",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_put:
                  bucket: uploads
                  key: a.txt
                  body: hello
                  metadata: {"run id": 1, Owner: qa, owner: dev}
            """,
            #"""
            error: invalid metadata name 'run id'
             --> broken.yaml:8:19
            8 |       metadata: {"run id": 1, Owner: qa, owner: dev}
              |                   ^^^^^^ use ASCII letters, digits, '-' and '_'

            error: duplicate metadata name 'owner'
             --> broken.yaml:8:42
            8 |       metadata: {"run id": 1, Owner: qa, owner: dev}
              |                                          ^^^^^ S3 stores metadata names in lowercase, so names that differ only in case are the same name
            """#),
        BrokenScenario(
            "expect on s3_delete",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_delete: {bucket: uploads, key: a.txt}
                expect: {exists: false}
            """,
            #"""
            error: 'expect' cannot be used in an s3_delete step
             --> broken.yaml:5:13
            5 |     expect: {exists: false}
              |             ^ S3 answers a DELETE the same whether or not the object existed; check with an s3_head step after it: 'expect: {exists: false}'
            """#),
        BrokenScenario(
            "body subject on s3_head",
            """
            report: BROKEN
            \(s3)
            steps:
              - s3_head: {bucket: uploads, key: a.txt}
                expect: {body: hello}
            """,
            #"""
            error: unknown key 'body' in 'expect'
             --> broken.yaml:5:14
            5 |     expect: {body: hello}
              |              ^^^^ expected one of: exists, size, content_type, etag, last_modified, metadata
            """#),
        BrokenScenario(
            "object name used as a variable",
            """
            report: BROKEN
            vars:
              etag: abc
            steps:
              - sleep: 1s
            """,
            #"""
            error: 'etag' is a reserved name
             --> broken.yaml:3:3
            3 |   etag: abc
              |   ^^^^ 'etag' names a part of a step's response or the environment; choose another name
            """#),
        BrokenScenario(
            "s3_get without s3 settings",
            """
            report: BROKEN
            steps:
              - id: fetch
                s3_get: {bucket: uploads, key: a.txt}
            """,
            #"""
            error: step 'fetch' uses S3, but the scenario has no 's3' settings
             --> broken.yaml:3:9
            3 |   - id: fetch
              |         ^^^^^ add 's3:' with endpoint, region, access_key and secret_key
            """#),
    ]

    @Test("rendered diagnostic", arguments: cases)
    func rendered(_ scenario: BrokenScenario) {
        #expect(ScenarioFixture.renderedErrors(scenario.yaml) == scenario.expected)
    }

    @Test("the four kinds load")
    func fourKindsLoad() throws {
        let scenario = try ScenarioFixture.load("""
            \(Self.s3)
            vars: {bucket: uploads}
            steps:
              - id: put
                s3_put: {bucket: "${bucket}", key: a b.txt, file: ../Fixtures/smoke.png, metadata: {owner: qa}}
                expect: {etag: {matches: "^[0-9a-f]{32}$"}}
                capture: {put_etag: etag}
              - id: head
                s3_head: {bucket: "${bucket}", key: a b.txt}
                expect: {exists: true, size: {min: 1}, etag: "${put_etag}", metadata: {owner: qa}}
              - id: get
                s3_get: {bucket: "${bucket}", key: a b.txt}
                expect: {content_type: image/png, json: {a: 1}, body: {contains: x}}
                record: {stored: "${size} bytes, ${last_modified}"}
              - id: delete
                s3_delete: {bucket: "${bucket}", key: a b.txt}
            """)

        #expect(scenario.steps.map(\.action.kindName) == ["s3_put", "s3_head", "s3_get", "s3_delete"])
        #expect(scenario.steps[1].expectations.map(\.subject) == ["exists", "size", "etag", "metadata.owner"])
        #expect(scenario.steps[2].expectations.map(\.subject) == ["content_type", "json.a", "body"])
        guard case .s3Put(let put) = scenario.steps[0].action else {
            Issue.record("expected an s3_put action")
            return
        }
        #expect(put.key.source == "a b.txt")
        #expect(put.metadata.map(\.name) == ["owner"])
        guard case .file(let path) = put.body else {
            Issue.record("expected a file body")
            return
        }
        #expect(path.source == "../Fixtures/smoke.png")
    }

    static let object = Observation(
        body: Array(#"{"a":1}"#.utf8),
        object: Observation.S3Object(
            exists: true, size: 7, contentType: "application/json", etag: "9a0364b9e99bb480dd25e1f0284c8555",
            lastModified: "Fri, 04 Dec 2026 20:32:23 GMT", metadata: [(name: "owner", value: "qa"), (name: "run-id", value: "42")]))

    @Test(
        "object values",
        arguments: [
            ("exists", "true"),
            ("size", "7"),
            ("content_type", #""application/json""#),
            ("etag", #""9a0364b9e99bb480dd25e1f0284c8555""#),
            ("last_modified", #""Fri, 04 Dec 2026 20:32:23 GMT""#),
            ("metadata.owner", #""qa""#),
            ("metadata.Run-Id", #""42""#),
            ("metadata", #"{"owner":"qa","run-id":"42"}"#),
            ("json.a", "1"),
            ("body", #""{\"a\":1}""#),
        ])
    func objectValues(name: String, expected: String) {
        #expect(Self.object.value(named: name)?.compactJSON == expected)
    }

    @Test("a missing object has only exists", arguments: ["size", "content_type", "etag", "last_modified", "metadata", "metadata.owner", "body"])
    func missingObjectValues(name: String) {
        let missing = Observation(object: Observation.S3Object(exists: false))
        #expect(missing.value(named: "exists") == .bool(false))
        #expect(missing.value(named: name) == nil)
    }
}
