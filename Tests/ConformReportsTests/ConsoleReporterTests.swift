@testable import ConformEngine
import ConformReports
import Foundation
import Testing

/// Console lines as a user sees them, written through the injected closure instead of stdout.
@Suite struct ConsoleReporterTests {
    static let scenario = "DEDUP2D_S3_LIFECYCLE"
    static let escape = "\u{1B}"

    private func reporter(_ verbosity: ConsoleReporter.Verbosity, colors: Bool = false, redactor: Redactor = ReportFixtures.redactor(),
                          into output: OutputRecorder) -> ConsoleReporter {
        ConsoleReporter(verbosity: verbosity, colors: colors, redactor: redactor) { output.write($0) }
    }

    /// Sends the events a runner sends for `run`: the scenario start, then a start and an end per step
    /// that ran and an end per skipped step.
    private func replay(_ run: ScenarioResult, to console: ConsoleReporter) {
        console.scenarioStarted(run.scenario.report, file: run.scenario.file)
        for step in run.steps {
            if step.status != .skipped || !step.attempts.isEmpty {
                console.stepStarted(step.stepID, scenario: run.scenario.report, summary: step.target ?? "")
            }
            console.stepFinished(step, scenario: run.scenario.report)
        }
    }

    @Test func linesGoThroughWrite() throws {
        let output = OutputRecorder()
        let console = reporter(.normal, into: output)
        let run = try ReportFixtures.passingRun()

        console.scenarioStarted(run.scenario.report, file: run.scenario.file)
        console.stepStarted("before", scenario: ConsoleReporterTests.scenario, summary: "s3_list s3://dedup2d/uploads/")
        console.stepFinished(run.steps[0], scenario: ConsoleReporterTests.scenario)

        #expect(output.lines == [
            "==> DEDUP2D_S3_LIFECYCLE (Scenarios/dedup2d/s3_lifecycle.yaml)",
            "  T start before: s3_list s3://dedup2d/uploads/",
            "  T pass  before (0.041s) before_objects=0",
        ])
        #expect(output.writeCount == 3)
    }

    @Test func stepLineCountsAttempts() throws {
        let output = OutputRecorder()
        let run = try ReportFixtures.passingRun()

        reporter(.normal, into: output).stepFinished(run.steps[2], scenario: ConsoleReporterTests.scenario)

        #expect(output.lines == ["  T pass  upload_observed (0.306s, 7 attempts) observed_objects=1"])
    }

    @Test func failureShowsMessageAndLocation() throws {
        let output = OutputRecorder()
        let run = try ReportFixtures.failingRun()

        reporter(.normal, into: output).stepFinished(run.steps[4], scenario: ConsoleReporterTests.scenario)

        #expect(output.lines == [
            "  T FAIL  cleaned_up (10.006s, 40 attempts)",
            "        'until' did not hold within 10s (count equals 0, actual 1): 40 attempts in 10s; last: 1 object: uploads/job-7f3a/6b1e_smoke.png",
            "        --> Scenarios/dedup2d/s3_lifecycle.yaml:54:9",
        ])
    }

    @Test func multilineMessageIndented() throws {
        let output = OutputRecorder()
        let run = try ReportFixtures.skippedStepsRun()

        reporter(.normal, into: output).stepFinished(run.steps[1], scenario: ConsoleReporterTests.scenario)

        #expect(output.lines == [
            "  T FAIL  submit (0.009s)",
            "        status: expected equals 200, actual 503",
            "        json.status: expected equals \"pending\", actual absent",
            "        --> Scenarios/dedup2d/s3_lifecycle.yaml:27:9",
        ])
    }

    @Test func skippedStepShowsReason() throws {
        let output = OutputRecorder()
        let run = try ReportFixtures.erroringRun()

        reporter(.normal, into: output).stepFinished(run.steps[2], scenario: ConsoleReporterTests.scenario)

        #expect(output.lines == ["  T skip  upload_observed (0.000s)", "        skipped because 'submit' errored"])
    }

    // MARK: - Colour

    @Test func noColorsWhenDisabled() throws {
        let output = OutputRecorder()
        let console = reporter(.verbose, colors: false, into: output)

        replay(try ReportFixtures.failingRun(), to: console)
        replay(try ReportFixtures.erroringRun(), to: console)

        #expect(!output.text.contains(ConsoleReporterTests.escape))
    }

    @Test func colorsWhenEnabled() throws {
        let output = OutputRecorder()

        replay(try ReportFixtures.failingRun(), to: reporter(.normal, colors: true, into: output))

        #expect(output.text.contains("\u{1B}[31mFAIL \u{1B}[0m cleaned_up"))
        #expect(output.text.contains("\u{1B}[32mpass \u{1B}[0m before"))
        #expect(output.text.contains("\u{1B}[1m==>\u{1B}[0m DEDUP2D_S3_LIFECYCLE"))
    }

    @Test func traceHasNoColorCodes() throws {
        let output = OutputRecorder()
        let console = reporter(.normal, colors: true, into: output)

        replay(try ReportFixtures.failingRun(), to: console)

        let trace = console.trace(of: ConsoleReporterTests.scenario)
        let printed = OutputRecorder.withoutClock(output.text)
            .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(!trace.joined().contains(ConsoleReporterTests.escape))
        #expect(trace.map(OutputRecorder.withoutClock) == printed.components(separatedBy: "\n").dropLast())
    }

    // MARK: - Verbosity

    @Test func quietPrintsFailuresOnly() throws {
        let output = OutputRecorder()
        let console = reporter(.quiet, into: output)

        replay(try ReportFixtures.failingRun(), to: console)

        #expect(output.lines == [
            "==> DEDUP2D_S3_LIFECYCLE (Scenarios/dedup2d/s3_lifecycle.yaml)",
            "  T FAIL  cleaned_up (10.006s, 40 attempts)",
            "        'until' did not hold within 10s (count equals 0, actual 1): 40 attempts in 10s; last: 1 object: uploads/job-7f3a/6b1e_smoke.png",
            "        --> Scenarios/dedup2d/s3_lifecycle.yaml:54:9",
        ])
    }

    @Test func quietPrintsErrorsButNotSkips() throws {
        let output = OutputRecorder()

        replay(try ReportFixtures.erroringRun(), to: reporter(.quiet, into: output))

        #expect(output.lines.contains { $0.hasPrefix("  T ERROR submit") })
        #expect(!output.lines.contains { $0.contains("skip") })
        #expect(!output.lines.contains { $0.contains("pass") || $0.contains("start") })
    }

    @Test func quietKeepsWholeTrace() throws {
        let output = OutputRecorder()
        let console = reporter(.quiet, into: output)

        replay(try ReportFixtures.passingRun(), to: console)

        let trace = console.trace(of: ConsoleReporterTests.scenario).map(OutputRecorder.withoutClock)
        #expect(output.lines == ["==> DEDUP2D_S3_LIFECYCLE (Scenarios/dedup2d/s3_lifecycle.yaml)"])
        #expect(trace.count == 11)
        #expect(trace.contains("  T pass  cleaned_up (0.505s, 3 attempts) after_objects=0"))
    }

    @Test func verboseShowsLastExchange() throws {
        let verboseOutput = OutputRecorder()
        let normalOutput = OutputRecorder()
        let run = try ReportFixtures.failingRun()

        reporter(.verbose, into: verboseOutput).stepFinished(run.steps[4], scenario: ConsoleReporterTests.scenario)
        reporter(.normal, into: normalOutput).stepFinished(run.steps[4], scenario: ConsoleReporterTests.scenario)

        let exchangeLine = "        ListObjectsV2 s3://dedup2d/uploads/job-7f3a/ → 1 object: uploads/job-7f3a/6b1e_smoke.png"
        #expect(verboseOutput.lines.last == exchangeLine)
        #expect(!normalOutput.lines.contains(exchangeLine))
    }

    @Test func pollProgressIsThrottled() {
        let output = OutputRecorder()
        let console = reporter(.normal, into: output)

        for attempt in 1...3 {
            console.pollProgress("job_terminal", scenario: ConsoleReporterTests.scenario, attempt: attempt, elapsed: 0.25 * Double(attempt),
                                 last: "200 {\"status\":\"running\"}")
        }

        #expect(output.lines == ["  T   job_terminal: attempt 1, 250ms elapsed, last: 200 {\"status\":\"running\"}"])
    }

    @Test func verbosePrintsEveryPoll() {
        let output = OutputRecorder()
        let console = reporter(.verbose, into: output)

        for attempt in 1...3 {
            console.pollProgress("job_terminal", scenario: ConsoleReporterTests.scenario, attempt: attempt, elapsed: 0.25 * Double(attempt),
                                 last: "200 {\"status\":\"running\"}")
        }

        #expect(output.lines.count == 3)
    }

    @Test func printBelongsToNoScenario() {
        let output = OutputRecorder()
        let console = reporter(.quiet, into: output)

        console.print("Scenarios: 1 passed, 0 failed.")

        #expect(output.text == "Scenarios: 1 passed, 0 failed.\n")
        #expect(console.trace(of: ConsoleReporterTests.scenario).isEmpty)
    }

    // MARK: - Redaction

    @Test func secretsNeverPrinted() throws {
        let canary = "canary-secret-7c41"
        let output = OutputRecorder()
        let console = reporter(.verbose, redactor: Redactor(secrets: [canary]), into: output)
        var run = try ReportFixtures.failingRun()
        run.steps[3].target = "GET http://localhost:8000/api/v1/dedup/2d/jobs/job-7f3a?token=\(canary)"
        run.steps[3].records.append(RecordedValue(name: "token", value: canary, context: nil))
        run.steps[4].message = "token \(canary) rejected"
        run.steps[4].lastExchange = "> GET /?token=\(canary)"

        replay(run, to: console)
        console.pollProgress("job_terminal", scenario: ConsoleReporterTests.scenario, attempt: 1, elapsed: 0.1, last: "200 \(canary)")
        console.print("Wrote Reports/\(canary).md")

        #expect(!output.text.contains(canary))
        #expect(!console.trace(of: ConsoleReporterTests.scenario).joined().contains(canary))
        #expect(output.lines.contains("        token *** rejected"))
        #expect(output.lines.contains("Wrote Reports/***.md"))
    }

    @Test func apiKeyHiddenInVerboseExchange() throws {
        let output = OutputRecorder()
        let run = try ReportFixtures.skippedStepsRun()

        reporter(.verbose, into: output).stepFinished(run.steps[1], scenario: ConsoleReporterTests.scenario)

        #expect(!output.text.contains(ReportFixtures.apiKey))
        #expect(output.lines.contains("        > X-API-Key: ***"))
    }
}
