import ConformEngine
import ConformLanguage
import ConformTestSupport
import Foundation
import Testing

@Suite("S3 object steps against the reference stack")
struct S3ObjectStepTests {
    /// Returns the `s3` block and the variables that every scenario here starts with. `prefix` is new
    /// for each test.
    static func header(prefix: String = "s3ops-engine/\(UUID().uuidString)") -> String {
        """
        s3:
          endpoint: ${env.DEDUP2D_S3_ENDPOINT}
          access_key: ${env.AWS_ACCESS_KEY_ID}
          secret_key: ${env.AWS_SECRET_ACCESS_KEY}
        vars:
          bucket: ${env.DEDUP2D_S3_BUCKET}
          prefix: \(prefix)
        """
    }

    @Test("put, head, get, delete, then exists is false")
    func lifecycle() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: put
                s3_put:
                  bucket: ${bucket}
                  key: "${prefix}/hello wörld+%=~.json"
                  body: '{"greeting": "hello"}'
                  content_type: application/json
                  metadata: {owner: qa}
                expect: {etag: {matches: "^[0-9a-f]{32}$"}}
                capture: {put_etag: etag}
              - id: head
                s3_head: {bucket: "${bucket}", key: "${prefix}/hello wörld+%=~.json"}
                expect: {exists: true, size: 21, content_type: application/json, etag: "${put_etag}", metadata: {owner: qa}}
              - id: get
                s3_get: {bucket: "${bucket}", key: "${prefix}/hello wörld+%=~.json"}
                expect: {body: '{"greeting": "hello"}', json: {greeting: hello}, content_type: application/json}
                record: {object_size: "${size}", owner: "${metadata.owner}"}
              - id: delete
                s3_delete: {bucket: "${bucket}", key: "${prefix}/hello wörld+%=~.json"}
              - id: gone
                s3_head: {bucket: "${bucket}", key: "${prefix}/hello wörld+%=~.json"}
                expect: {exists: false}
            """, environment: stack.environment)

        for step in result.steps {
            #expect(step.status == .passed, "\(step.stepID): \(step.message ?? "")")
        }
        let get = try #require(result.step("get"))
        #expect(get.records.map(\.name) == ["object_size", "owner"])
        #expect(get.records.map(\.value) == ["21", "qa"])
        #expect(result.step("head")?.target?.hasPrefix("s3_head s3://dedup2d/s3ops-engine/") == true)
        #expect(result.step("gone")?.attempts.first?.outcome == "404 NoSuchKey: the object does not exist")
    }

    @Test("a missing object errors a step that does not read exists", arguments: ["s3_head", "s3_get"])
    func missingObjectErrors(kind: String) throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: read
                \(kind): {bucket: "${bucket}", key: "${prefix}/missing"}
                expect: {size: 1}
            """, environment: stack.environment)

        let step = try #require(result.step("read"))
        #expect(step.status == .errored)
        #expect(step.message?.hasPrefix("S3 returned 404 NoSuchKey: ") == true)
        #expect(step.message?.hasSuffix(". A step that checks 'exists' reads a missing object as exists: false.") == true)
    }

    @Test("a GET of a missing object can expect exists false")
    func getExpectsMissing() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: read
                s3_get: {bucket: "${bucket}", key: "${prefix}/missing"}
                expect: {exists: false}
            """, environment: stack.environment)

        #expect(result.step("read")?.status == .passed)
    }

    @Test("exists true fails on a missing object")
    func existsTrueFails() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: read
                s3_head: {bucket: "${bucket}", key: "${prefix}/missing"}
                expect: {exists: true}
            """, environment: stack.environment)

        let step = try #require(result.step("read"))
        #expect(step.status == .failed)
        #expect(step.message == "exists: expected equals true, actual false")
    }

    @Test("a poll waits for an object to appear")
    func pollWaitsForObject() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: start
                sleep: 1ms
              - id: watch
                after: start
                s3_head: {bucket: "${bucket}", key: "${prefix}/late"}
                poll: {every: 100ms, within: 10s, until: {exists: true}}
                expect: {size: 4}
              - id: write
                after: start
                sleep: 300ms
              - id: put
                after: write
                s3_put: {bucket: "${bucket}", key: "${prefix}/late", body: late}
            """, environment: stack.environment)

        let watch = try #require(result.step("watch"))
        #expect(watch.status == .passed, "\(watch.message ?? "")")
        #expect(watch.attempts.count > 1)
        #expect(watch.transportErrors == 0)
    }

    @Test("a file path starts at the scenario's folder")
    func fileRelativeToScenario() throws {
        let stack = try ReferenceStack.shared()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s3ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: folder.appendingPathComponent("data/drawing.png"))
        let file = folder.appendingPathComponent("scenario.yaml")
        try (Self.header() + """

            steps:
              - id: put
                s3_put: {bucket: "${bucket}", key: "${prefix}/drawing.png", file: data/drawing.png}
              - id: get
                s3_get: {bucket: "${bucket}", key: "${prefix}/drawing.png"}
                expect: {size: 70000, content_type: image/png}
              - id: delete
                s3_delete: {bucket: "${bucket}", key: "${prefix}/drawing.png"}
            """).write(to: file, atomically: true, encoding: .utf8)

        let scenario = try ScenarioLoader.load(path: file.path)
        let result = ScenarioRunner(scenario: scenario, context: RunContext(environment: stack.environment)).run()

        for step in result.steps {
            #expect(step.status == .passed, "\(step.stepID): \(step.message ?? "")")
        }
        #expect(result.step("put")?.attempts.first?.outcome.hasPrefix("stored 70000 bytes from \(folder.path)/data/drawing.png, image/png, ETag ") == true)
    }

    @Test("a missing file errors the step before sending")
    func missingFile() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: put
                s3_put: {bucket: "${bucket}", key: "${prefix}/x", file: /nonexistent/s3ops/drawing.png}
            """, environment: stack.environment)

        let step = try #require(result.step("put"))
        #expect(step.status == .errored)
        #expect(step.message == "could not prepare the request: cannot read file '/nonexistent/s3ops/drawing.png' for step 'put'. A relative path starts at the scenario file's folder")
    }

    @Test("a wrong secret names SignatureDoesNotMatch")
    func wrongSecret() throws {
        let stack = try ReferenceStack.shared()
        var environment = stack.environment
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let result = try run(Self.header() + """

            steps:
              - id: put
                s3_put: {bucket: "${bucket}", key: "${prefix}/denied", body: x}
            """, environment: environment)

        let step = try #require(result.step("put"))
        #expect(step.status == .errored)
        #expect(step.message?.hasPrefix("S3 returned 403 SignatureDoesNotMatch: ") == true)
    }

    @Test("non-ASCII metadata is rejected before sending")
    func nonASCIIMetadata() throws {
        let stack = try ReferenceStack.shared()
        let result = try run(Self.header() + """

            steps:
              - id: put
                s3_put: {bucket: "${bucket}", key: "${prefix}/m", body: x, metadata: {owner: "Zoë"}}
            """, environment: stack.environment)

        let step = try #require(result.step("put"))
        #expect(step.status == .errored)
        #expect(step.message == "could not prepare the request: metadata 'owner' of step 'put' is 'Zoë', but S3 metadata sent as headers must be printable ASCII")
    }
}
