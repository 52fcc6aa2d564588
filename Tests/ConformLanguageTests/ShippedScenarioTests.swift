import ConformLanguage
import Foundation
import Testing

@Suite("Scenarios/dedup2d/s3_lifecycle.yaml")
struct ShippedScenarioTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Scenarios/dedup2d/s3_lifecycle.yaml")
        .path

    let scenario: Scenario

    init() throws {
        do {
            scenario = try ScenarioLoader.load(path: Self.path)
        } catch {
            let source = (try? String(contentsOfFile: Self.path, encoding: .utf8)) ?? ""
            Issue.record(Comment(rawValue: DiagnosticRenderer(sources: [Self.path: source]).render(error.diagnostics)))
            throw error
        }
    }

    func step(_ id: String) throws -> Step {
        try #require(scenario.steps.first { $0.id == id })
    }

    @Test("report name and metadata")
    func metadata() {
        #expect(scenario.report == "DEDUP2D_S3_LIFECYCLE")
        #expect(scenario.scope == ["Validate S3/MinIO upload + cleanup lifecycle for dedup2d async jobs."])
        #expect(scenario.tags == ["dedup2d", "s3", "lifecycle"])
        #expect(scenario.timeout == 180)
        #expect(scenario.file == Self.path)
    }

    @Test("variables and secrets")
    func variables() {
        #expect(scenario.variables.map(\.name) == ["api", "api_key", "bucket", "prefix"])
        #expect(scenario.variables.map(\.value.source) == [
            "${env.DEDUP2D_API_URL:-http://localhost:8000}", "${env.DEDUP2D_API_KEY:-test}",
            "${env.DEDUP2D_S3_BUCKET}", "${env.DEDUP2D_S3_PREFIX:-uploads}",
        ])
        #expect(scenario.variables.map(\.isSecret) == [false, true, false, false])
    }

    @Test("S3 settings")
    func s3Settings() throws {
        let s3 = try #require(scenario.s3)
        #expect(s3.endpoint.source == "${env.DEDUP2D_S3_ENDPOINT}")
        #expect(s3.region.source == "${env.DEDUP2D_S3_REGION:-us-east-1}")
        #expect(s3.accessKey.source == "${env.AWS_ACCESS_KEY_ID}")
        #expect(s3.secretKey.source == "${env.AWS_SECRET_ACCESS_KEY}")
        #expect(s3.addressing == .path)
    }

    @Test("five steps in file order")
    func stepIDs() {
        #expect(scenario.steps.map(\.id) == ["before", "submit", "upload_observed", "job_terminal", "cleaned_up"])
        #expect(scenario.steps.map(\.action.kindName) == ["s3_list", "http", "s3_list", "http", "s3_list"])
    }

    @Test("after lists per step")
    func afterLists() {
        let after = scenario.steps.map { $0.after?.map(\.id) }
        #expect(after == [nil, nil, ["submit"], ["submit"], ["job_terminal", "upload_observed"]])
    }

    @Test("step graph runs branches beside each other")
    func graph() {
        let graph = StepGraph(scenario.steps)
        #expect(graph.cycle == nil)
        #expect(graph.predecessors["submit"] == ["before"])
        #expect(graph.successors(of: "submit") == ["upload_observed", "job_terminal"])
        #expect(graph.ancestors(of: "cleaned_up") == ["before", "submit", "upload_observed", "job_terminal"])
        #expect(!graph.ancestors(of: "job_terminal").contains("upload_observed"))
    }

    @Test("observer poll")
    func observerPoll() throws {
        let poll = try #require(try step("upload_observed").poll)
        #expect(poll.every == 0.05)
        #expect(poll.within == nil)
        #expect(poll.stopWhen?.id == "job_terminal")
        #expect(poll.until.map(\.subject) == ["count"])
        #expect(poll.failIf.isEmpty)
        #expect(poll.backoff == nil)
    }

    @Test("status poll")
    func statusPoll() throws {
        let poll = try #require(try step("job_terminal").poll)
        #expect(poll.every == 0.25)
        #expect(poll.within == 90)
        #expect(poll.stopWhen == nil)
        #expect(poll.until.map(\.subject) == ["json.status"])
    }

    @Test("cleanup poll")
    func cleanupPoll() throws {
        let poll = try #require(try step("cleaned_up").poll)
        #expect(poll.every == 0.25)
        #expect(poll.within == 10)
        #expect(poll.until.map(\.subject) == ["count"])
    }

    @Test("polls end on the right values")
    func pollConditions() throws {
        let render = ScenarioFixture.renderWithTestVariables
        let observer = try #require(try step("upload_observed").poll?.until.first)
        #expect(observer.matcher.evaluate(.number("1"), render: render).passed)
        #expect(!observer.matcher.evaluate(.number("0"), render: render).passed)

        let status = try #require(try step("job_terminal").poll?.until.first)
        #expect(status.matcher.evaluate(.string("canceled"), render: render).passed)
        #expect(!status.matcher.evaluate(.string("in_progress"), render: render).passed)
        #expect(status.matcher.evaluate(.string("pending"), render: render).expected == "one of [completed, failed, canceled]")
    }

    @Test("expectation subjects")
    func expectations() {
        let subjects = scenario.steps.map { $0.expectations.map(\.subject) }
        #expect(subjects == [["count"], ["status", "json.status"], ["keys"], ["json.status"], []])
    }

    @Test("observer checks key layout")
    func keyLayout() throws {
        let check = try #require(try step("upload_observed").expectations.first)
        let keys = JSONValue.array([.string("uploads/job-1/0123abcd_smoke.png")])
        let outcome = check.matcher.evaluate(keys, render: ScenarioFixture.renderWithTestVariables)
        #expect(outcome.expected == "each item matches glob \"uploads/<job_id>/*_smoke.png\"")
    }

    @Test("submit request")
    func submitRequest() throws {
        guard case .http(let request) = try step("submit").action else {
            Issue.record("submit is not an http step")
            return
        }
        #expect(request.method == "POST")
        #expect(request.url.source == "${api}/api/v1/dedup/2d/search?async=true")
        #expect(request.headers.map(\.name) == ["X-API-Key"])
        #expect(request.headers.map(\.value.source) == ["${api_key}"])
        guard case .multipart(let fields)? = request.body, fields.count == 1,
            case .file(let path, let contentType, let filename) = fields[0].value
        else {
            Issue.record("submit has no multipart file field")
            return
        }
        #expect(fields[0].name == "file")
        #expect(path.source == "../../Fixtures/smoke.png")
        #expect(contentType?.source == "image/png")
        #expect(filename == nil)
    }

    @Test("captures the job id")
    func captures() throws {
        let captures = try step("submit").captures
        #expect(captures.map(\.name) == ["job_id"])
        guard case .name(let source)? = captures.first?.source else {
            Issue.record("job_id is not captured by name")
            return
        }
        #expect(source == "json.job_id")
        #expect(scenario.steps.flatMap(\.captures).count == 1)
    }

    @Test("records for observed output")
    func records() {
        let records = scenario.steps.flatMap(\.records)
        #expect(records.map(\.name) == ["before_objects", "observed_objects", "final_status", "after_objects"])
        #expect(records.map(\.value.source) == ["${count}", "${count}", "${json.status}", "${count}"])
    }

    @Test("steps keep their lines")
    func locations() {
        #expect(scenario.steps.map(\.location.line) == [22, 27, 38, 45, 54])
        #expect(scenario.steps.map(\.location.column) == [9, 9, 9, 9, 9])
        #expect(scenario.steps.allSatisfy { !$0.always })
    }
}
