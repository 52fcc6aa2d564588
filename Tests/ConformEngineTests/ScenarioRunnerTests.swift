import ConformEngine
import ConformLanguage
import ConformTestSupport
import Foundation
import Testing

/// Runs scenario text through the engine and returns the result.
func run(_ yaml: String, environment: [String: String] = [:]) throws -> ScenarioResult {
    let scenario = try ScenarioLoader.parse(yaml, file: "test.yaml")
    return ScenarioRunner(scenario: scenario, context: RunContext(environment: environment)).run()
}

extension ScenarioResult {
    func step(_ id: String) -> StepResult? { steps.first { $0.stepID == id } }
}

@Suite("Step graph and deadlines")
struct ScenarioRunnerTests {
    @Test("parallel branches overlap in time")
    func parallelBranchesOverlap() throws {
        let result = try run("""
            steps:
              - id: start
                sleep: 10ms
              - id: left
                after: start
                sleep: 400ms
              - id: right
                after: start
                sleep: 400ms
              - id: join
                after: [left, right]
                sleep: 10ms
            """)

        let left = try #require(result.step("left")?.started)
        let right = try #require(result.step("right")?.started)
        #expect(result.passed)
        #expect(abs(left.timeIntervalSince(right)) < 0.2)
        #expect(result.duration < 0.75)
        #expect(result.duration >= 0.4)
    }

    @Test("a failed step skips its dependents")
    func failedStepSkipsDependents() throws {
        let stack = try ReferenceStack.shared()
        let result = try run("""
            vars: {api: "${env.DEDUP2D_API_URL}"}
            steps:
              - id: call
                http: {get: "${api}/api/v1/dedup/2d/jobs/x"}
                expect: {status: 200}
              - id: next
                sleep: 10ms
              - id: teardown
                always: true
                sleep: 10ms
            """, environment: stack.environment)

        #expect(result.step("call")?.status == .failed)
        #expect(result.step("call")?.message == "status: expected equals 200, actual 401")
        #expect(result.step("next")?.status == .skipped)
        #expect(result.step("next")?.message == "skipped because 'call' failed")
        #expect(result.step("teardown")?.status == .passed)
    }

    @Test("fail_if stops a poll at once")
    func failIfStopsAtOnce() throws {
        let stack = try ReferenceStack.shared()
        let started = Date()
        let result = try run("""
            vars: {api: "${env.DEDUP2D_API_URL}"}
            steps:
              - id: wait
                http: {get: "${api}/api/v1/dedup/2d/jobs/x"}
                poll: {every: 1s, within: 30s, until: {status: 200}, fail_if: {status: 401}}
            """, environment: stack.environment)

        let step = try #require(result.step("wait"))
        #expect(step.status == .failed)
        #expect(step.attempts.count == 1)
        #expect(step.message == "fail_if held on attempt 1: status equals 401 (actual 401)")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("a poll on a silent server ends at its deadline")
    func pollEndsAtDeadline() throws {
        let server = try SilentServer()
        let result = try run("""
            steps:
              - id: wait
                http: {get: "http://127.0.0.1:\(server.port)/status"}
                poll: {every: 100ms, within: 1s, until: {status: 200}}
            """)

        let step = try #require(result.step("wait"))
        #expect(step.status == .failed)
        #expect(step.duration >= 0.95)
        #expect(step.duration < 1.1)
        #expect(step.transportErrors >= 1)
        #expect(step.message?.hasPrefix("'until' did not hold within 1s") == true)
    }

    @Test("stop_when fails an observer when its step ends")
    func stopWhenFailsObserver() throws {
        let stack = try ReferenceStack.shared()
        let result = try run("""
            vars: {api: "${env.DEDUP2D_API_URL}"}
            steps:
              - id: begin
                sleep: 1ms
              - id: observer
                after: begin
                http: {get: "${api}/api/v1/dedup/2d/jobs/x"}
                poll: {every: 2s, until: {status: 200}, stop_when: worker}
              - id: worker
                after: begin
                sleep: 300ms
            """, environment: stack.environment)

        let observer = try #require(result.step("observer"))
        #expect(observer.status == .failed)
        #expect(observer.duration < 0.6)
        #expect(observer.message?.hasPrefix("step 'worker' ended before 'until' held (status equals 200, actual 401)") == true)
    }

    @Test("the scenario timeout bounds every step")
    func scenarioTimeoutBoundsSteps() throws {
        let server = try SilentServer()
        let result = try run("""
            timeout: 500ms
            steps:
              - id: call
                http: {get: "http://127.0.0.1:\(server.port)/"}
              - id: later
                sleep: 10ms
            """)

        #expect(result.step("call")?.status == .errored)
        #expect(result.step("call")?.message?.contains("timeout") == true)
        #expect(result.step("later")?.status == .skipped)
        #expect(result.duration < 0.8)
    }

    @Test("captures flow into later steps")
    func capturesFlowIntoLaterSteps() throws {
        let stack = try ReferenceStack.shared()
        let result = try run("""
            vars:
              api: "${env.DEDUP2D_API_URL}"
              key: "${env.DEDUP2D_API_KEY}"
            steps:
              - id: submit
                http:
                  post: "${api}/api/v1/dedup/2d/search?async=true"
                  headers: {X-API-Key: "${key}"}
                  multipart: {file: {path: "\(Repository.root.path)/Fixtures/smoke.png"}}
                capture: {job_id: json.job_id}
              - id: status
                http:
                  get: "${api}/api/v1/dedup/2d/jobs/${job_id}"
                  headers: {X-API-Key: "${key}"}
                expect: {json: {job_id: "${job_id}", callback_attempts: 0, result: {exists: true}}}
                record: {seen: "${json.job_id}"}
            """, environment: stack.environment)

        #expect(result.passed, "\(result.steps.map { "\($0.stepID): \($0.message ?? "")" })")
        let recorded = try #require(result.step("status")?.records.first)
        #expect(recorded.name == "seen")
        #expect(recorded.value.count == 36)
    }

    @Test("an unset environment variable errors the step")
    func unsetEnvironmentErrors() throws {
        let result = try run("""
            vars: {api: "${env.CONFORM_TEST_SURELY_UNSET}"}
            steps:
              - id: call
                http: {get: "${api}/x"}
            """)

        #expect(result.step("call")?.status == .errored)
        #expect(result.step("call")?.message == "could not prepare the request: variable 'api' has no value: environment variable CONFORM_TEST_SURELY_UNSET is not set; export it or pass --env-file")
    }
}

@Suite("Redactor")
struct RedactorTests {
    @Test("short secrets hide only whole words")
    func shortSecretsWholeWords() {
        let redactor = Redactor(secrets: ["test"])
        #expect(redactor.redact("X-API-Key: test") == "X-API-Key: ***")
        #expect(redactor.redact("latest tests test.") == "latest tests ***.")
    }

    @Test("long secrets hide everywhere")
    func longSecretsEverywhere() {
        let redactor = Redactor(secrets: ["s3cr3t-value-123"])
        #expect(redactor.redact("xs3cr3t-value-123y") == "x***y")
    }

    @Test("a secret containing another hides whole")
    func nestedSecrets() {
        let redactor = Redactor(secrets: ["abcdefgh", "abcdefgh-longer-secret"])
        #expect(redactor.redact("token=abcdefgh-longer-secret") == "token=***")
    }
}
