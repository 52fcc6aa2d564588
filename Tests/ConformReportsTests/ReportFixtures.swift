@testable import ConformEngine
import ConformLanguage
import Foundation
import Testing

/// Scenario results built by hand, shaped like the ones `ScenarioRunner` returns, so the reports can be
/// tested without a stack.
enum ReportFixtures {
    /// A copy of `Scenarios/dedup2d/s3_lifecycle.yaml`, kept here so the golden files change only when
    /// the report format does, not when the shipped scenario is edited.
    static let lifecycleSource = """
        # The S3 upload-and-cleanup lifecycle of a dedup2d async job: the upload appears under the job's
        # prefix while the job runs and is gone again once the job is terminal.
        report: DEDUP2D_S3_LIFECYCLE
        scope:
          - Validate S3/MinIO upload + cleanup lifecycle for dedup2d async jobs.
        tags: [dedup2d, s3, lifecycle]
        timeout: 3m

        vars:
          api: ${env.DEDUP2D_API_URL:-http://localhost:8000}
          api_key: ${env.DEDUP2D_API_KEY:-test}
          bucket: ${env.DEDUP2D_S3_BUCKET}
          prefix: ${env.DEDUP2D_S3_PREFIX:-uploads}

        s3:
          endpoint: ${env.DEDUP2D_S3_ENDPOINT}
          region: ${env.DEDUP2D_S3_REGION:-us-east-1}
          access_key: ${env.AWS_ACCESS_KEY_ID}
          secret_key: ${env.AWS_SECRET_ACCESS_KEY}

        steps:
          - id: before
            s3_list: {bucket: "${bucket}", prefix: "${prefix}/"}
            expect: {count: 0}
            record: {before_objects: "${count}"}

          - id: submit
            http:
              post: ${api}/api/v1/dedup/2d/search?async=true
              headers: {X-API-Key: "${api_key}"}
              multipart:
                file: {path: ../../Fixtures/smoke.png, content_type: image/png}
            expect: {status: 200, json: {status: pending}}
            capture: {job_id: json.job_id}

          # The upload can live well under a second, so the observer polls beside the status poller
          # and gives up only when the job has ended without the object ever being seen.
          - id: upload_observed
            after: submit
            s3_list: {bucket: "${bucket}", prefix: "${prefix}/${job_id}/"}
            poll: {every: 50ms, until: {count: {min: 1}}, stop_when: job_terminal}
            expect: {keys: {all_match: "${prefix}/${job_id}/*_smoke.png"}}
            record: {observed_objects: "${count}"}

          - id: job_terminal
            after: submit
            http:
              get: ${api}/api/v1/dedup/2d/jobs/${job_id}
              headers: {X-API-Key: "${api_key}"}
            poll: {every: 250ms, within: 90s, until: {json: {status: {in: [completed, failed, canceled]}}}}
            expect: {json: {status: completed}}
            record: {final_status: "${json.status}"}

          - id: cleaned_up
            after: [job_terminal, upload_observed]
            s3_list: {bucket: "${bucket}", prefix: "${prefix}/${job_id}/"}
            poll: {every: 250ms, within: 10s, until: {count: 0}}
            record: {after_objects: "${count}"}

        """

    static let lifecycleFile = "Scenarios/dedup2d/s3_lifecycle.yaml"

    /// A second, one-step scenario for files that contain several suites.
    static let healthSource = """
        report: STACK_HEALTH
        scope:
          - The API answers its health check.
        steps:
          - id: health
            http:
              get: http://localhost:8000/health
            expect: {status: 200}

        """

    static let healthFile = "Scenarios/stack/health.yaml"

    /// 2026-01-01 10:00:00 UTC, the start of every fixture run.
    static let started = Date(timeIntervalSince1970: 1_767_261_600)

    /// The API key that the fixture exchanges send, which `redactor()` hides.
    static let apiKey = "dev-key-5d1f"

    static let jobID = "job-7f3a"
    static let uploadedKey = "uploads/job-7f3a/6b1e_smoke.png"

    static func redactor() -> Redactor {
        Redactor(secrets: [apiKey])
    }

    static func lifecycle() throws -> Scenario {
        try ScenarioLoader.parse(lifecycleSource, file: lifecycleFile)
    }

    static func health() throws -> Scenario {
        try ScenarioLoader.parse(healthSource, file: healthFile)
    }

    // MARK: - Whole runs

    /// Returns a run in which every step passed: the upload is seen once, then cleaned up.
    static func passingRun() throws -> ScenarioResult {
        let scenario = try lifecycle()
        let steps = [
            try before(scenario),
            try submitPassed(scenario),
            try uploadObserved(scenario),
            try jobTerminal(scenario),
            try cleanedUp(scenario),
        ]
        return run(scenario, steps: steps, duration: 2.871)
    }

    /// Returns a run in which the upload stays in the bucket after the job completed, so `cleaned_up` fails.
    static func failingRun() throws -> ScenarioResult {
        let scenario = try lifecycle()
        let steps = [
            try before(scenario),
            try submitPassed(scenario),
            try uploadObserved(scenario),
            try jobTerminal(scenario),
            try cleanupFailed(scenario),
        ]
        return run(scenario, steps: steps, duration: 12.352)
    }

    /// Returns a run against a stopped API: `submit` cannot connect and every step after it is skipped.
    static func erroringRun() throws -> ScenarioResult {
        let scenario = try lifecycle()
        var submit = try stepResult("submit", in: scenario, status: .errored)
        submit.target = "POST http://localhost:8000/api/v1/dedup/2d/search?async=true"
        submit.message = "connect failed: Failed to connect to localhost port 8000 after 0 ms: Couldn't connect to server"
        submit.duration = 0.002
        submit.attempts = [attempt(1, offset: 0, duration: 0.002, outcome: submit.message ?? "", transportError: true)]
        let steps = [
            try before(scenario),
            submit,
            try skipped("upload_observed", in: scenario, reason: "skipped because 'submit' errored"),
            try skipped("job_terminal", in: scenario, reason: "skipped because 'submit' errored"),
            try skipped("cleaned_up", in: scenario, reason: "skipped because 'job_terminal' was skipped"),
        ]
        return run(scenario, steps: steps, duration: 0.051)
    }

    /// Returns a run in which `submit` gets a 503, so the steps that need its job id are skipped.
    static func skippedStepsRun() throws -> ScenarioResult {
        let scenario = try lifecycle()
        var submit = try stepResult("submit", in: scenario, status: .failed)
        submit.target = "POST http://localhost:8000/api/v1/dedup/2d/search?async=true"
        submit.message = "status: expected equals 200, actual 503\njson.status: expected equals \"pending\", actual absent"
        submit.duration = 0.009
        submit.attempts = [attempt(1, offset: 0, duration: 0.009, outcome: "503 service unavailable")]
        submit.checks = [
            check("status", expected: "equals 200", actual: "503", passed: false, step: submit),
            check("json.status", expected: "equals \"pending\"", actual: "absent", passed: false, step: submit),
        ]
        submit.lastExchange = """
            > POST http://localhost:8000/api/v1/dedup/2d/search?async=true
            > X-API-Key: \(apiKey)
            > (178 bytes of body)
            < 503 in 0.009s
            < content-type: text/plain
            < service unavailable
            """
        let steps = [
            try before(scenario),
            submit,
            try skipped("upload_observed", in: scenario, reason: "skipped because 'submit' failed"),
            try skipped("job_terminal", in: scenario, reason: "skipped because 'submit' failed"),
            try skipped("cleaned_up", in: scenario, reason: "skipped because 'job_terminal' was skipped"),
        ]
        return run(scenario, steps: steps, duration: 0.058)
    }

    /// Returns a run stopped by Ctrl-C during the polls: the running polls stop and the last step never starts.
    static func interruptedRun() throws -> ScenarioResult {
        let scenario = try lifecycle()
        var observer = try stepResult("upload_observed", in: scenario, status: .skipped)
        observer.message = "interrupted after 3 attempts"
        observer.target = "s3_list s3://dedup2d/uploads/\(jobID)/"
        observer.attempts = polls(3, every: 0.05, outcome: "0 objects")
        observer.duration = 0.153
        var poller = try stepResult("job_terminal", in: scenario, status: .skipped)
        poller.message = "interrupted after 1 attempts"
        poller.target = "GET http://localhost:8000/api/v1/dedup/2d/jobs/\(jobID)"
        poller.attempts = polls(1, every: 0.25, outcome: "200 {\"status\":\"pending\"}")
        poller.duration = 0.161
        let steps = [
            try before(scenario),
            try submitPassed(scenario),
            observer,
            poller,
            try skipped("cleaned_up", in: scenario, reason: "not run: the run was interrupted"),
        ]
        var result = run(scenario, steps: steps, duration: 0.334)
        result.interrupted = true
        return result
    }

    static func healthRun() throws -> ScenarioResult {
        let scenario = try health()
        var health = try stepResult("health", in: scenario, status: .passed)
        health.target = "GET http://localhost:8000/health"
        health.duration = 0.004
        health.attempts = [attempt(1, offset: 0, duration: 0.004, outcome: "200 {\"ok\":true}")]
        health.checks = [check("status", expected: "equals 200", actual: "200", passed: true, step: health)]
        var result = run(scenario, steps: [health], duration: 0.005)
        result.started = started.addingTimeInterval(15)
        return result
    }

    // MARK: - Steps

    static func before(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("before", in: scenario, status: .passed)
        step.target = "s3_list s3://dedup2d/uploads/"
        step.duration = 0.041
        step.attempts = [attempt(1, offset: 0, duration: 0.041, outcome: "0 objects")]
        step.checks = [check("count", expected: "equals 0", actual: "0", passed: true, step: step)]
        step.records = [RecordedValue(name: "before_objects", value: "0", context: nil)]
        step.lastExchange = "ListObjectsV2 s3://dedup2d/uploads/ → 0 objects"
        return step
    }

    static func submitPassed(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("submit", in: scenario, status: .passed)
        step.target = "POST http://localhost:8000/api/v1/dedup/2d/search?async=true"
        step.duration = 0.118
        step.attempts = [attempt(1, offset: 0, duration: 0.118, outcome: "200 {\"job_id\":\"\(jobID)\",\"status\":\"pending\"}")]
        step.checks = [
            check("status", expected: "equals 200", actual: "200", passed: true, step: step),
            check("json.status", expected: "equals \"pending\"", actual: "\"pending\"", passed: true, step: step),
        ]
        return step
    }

    static func uploadObserved(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("upload_observed", in: scenario, status: .passed)
        step.target = "s3_list s3://dedup2d/uploads/\(jobID)/"
        step.attempts = polls(6, every: 0.05, outcome: "0 objects") + [attempt(7, offset: 0.3, duration: 0.006, outcome: "1 object: \(uploadedKey)")]
        step.duration = 0.306
        step.checks = [
            check("count", expected: ">= 1", actual: "1", passed: true, step: step),
            check("keys", expected: "each item matches glob \"uploads/\(jobID)/*_smoke.png\"", actual: "[\"\(uploadedKey)\"]", passed: true, step: step),
        ]
        step.records = [RecordedValue(name: "observed_objects", value: "1", context: "key sample: `\(uploadedKey)`")]
        step.lastExchange = "ListObjectsV2 s3://dedup2d/uploads/\(jobID)/ → 1 object: \(uploadedKey)"
        return step
    }

    static func jobTerminal(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("job_terminal", in: scenario, status: .passed)
        step.target = "GET http://localhost:8000/api/v1/dedup/2d/jobs/\(jobID)"
        step.attempts = polls(8, every: 0.25, outcome: "200 {\"status\":\"running\"}") + [attempt(9, offset: 2.0, duration: 0.003, outcome: "200 {\"status\":\"completed\"}")]
        step.duration = 2.003
        step.checks = [
            check("json.status", expected: "one of [completed, failed, canceled]", actual: "\"completed\"", passed: true, step: step),
            check("json.status", expected: "equals \"completed\"", actual: "\"completed\"", passed: true, step: step),
        ]
        step.records = [RecordedValue(name: "final_status", value: "completed", context: nil)]
        return step
    }

    static func cleanedUp(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("cleaned_up", in: scenario, status: .passed)
        step.target = "s3_list s3://dedup2d/uploads/\(jobID)/"
        step.attempts = polls(2, every: 0.25, outcome: "1 object: \(uploadedKey)") + [attempt(3, offset: 0.5, duration: 0.005, outcome: "0 objects")]
        step.duration = 0.505
        step.checks = [check("count", expected: "equals 0", actual: "0", passed: true, step: step)]
        step.records = [RecordedValue(name: "after_objects", value: "0", context: nil)]
        return step
    }

    /// Returns a `cleaned_up` result that still lists the upload when the 10 s poll ends.
    static func cleanupFailed(_ scenario: Scenario) throws -> StepResult {
        var step = try stepResult("cleaned_up", in: scenario, status: .failed)
        step.target = "s3_list s3://dedup2d/uploads/\(jobID)/"
        step.attempts = polls(40, every: 0.25, outcome: "1 object: \(uploadedKey)")
        step.duration = 10.006
        step.message = "'until' did not hold within 10s (count equals 0, actual 1): 40 attempts in 10s; last: 1 object: \(uploadedKey)"
        step.lastExchange = "ListObjectsV2 s3://dedup2d/uploads/\(jobID)/ → 1 object: \(uploadedKey)"
        return step
    }

    static func skipped(_ id: String, in scenario: Scenario, reason: String) throws -> StepResult {
        try stepResult(id, in: scenario, status: .skipped, message: reason)
    }

    // MARK: - Building blocks

    /// Creates a result for step `id` of `scenario`, with the kind and location the scenario gives it.
    static func stepResult(_ id: String, in scenario: Scenario, status: StepResult.Status, message: String? = nil) throws
        -> StepResult
    {
        let step = try #require(scenario.steps.first { $0.id == id }, "step '\(id)' not in \(scenario.file)")
        var result = StepResult(stepID: id, kind: step.action.kindName, location: step.location, status: status, message: message)
        result.started = started
        return result
    }

    static func attempt(_ number: Int, offset: Double, duration: Double, outcome: String, transportError: Bool = false)
        -> Attempt
    {
        Attempt(number: number, offset: offset, duration: duration, outcome: outcome, isTransportError: transportError)
    }

    /// Creates `count` attempts `every` seconds apart, all with the same outcome.
    static func polls(_ count: Int, every interval: Double, outcome: String) -> [Attempt] {
        (1...count).map { attempt($0, offset: Double($0 - 1) * interval, duration: 0.004, outcome: outcome) }
    }

    static func check(_ subject: String, expected: String, actual: String, passed: Bool, step: StepResult) -> CheckResult {
        CheckResult(subject: subject, expected: expected, actual: actual, passed: passed, location: step.location)
    }

    /// Creates a scenario result with a console trace like the one `ConsoleReporter` keeps.
    static func run(_ scenario: Scenario, steps: [StepResult], duration: Double) -> ScenarioResult {
        var trace = ["==> \(scenario.report) (\(scenario.file))"]
        for step in steps {
            trace.append("  10:00:00.000 \(step.status.rawValue) \(step.stepID) (\(String(format: "%.3f", step.duration))s)")
        }
        return ScenarioResult(
            scenario: scenario, started: started, duration: duration, steps: steps, trace: trace, interrupted: false,
            s3Endpoint: scenario.s3 == nil ? nil : "http://127.0.0.1:9000", s3Region: scenario.s3 == nil ? nil : "us-east-1")
    }
}
