@testable import ConformEngine
import ConformReports
import Foundation
import Testing

/// The DEV markdown report: whole-file golden comparisons and the house sections one by one.
@Suite struct DevReportTests {
    static let commandLine = "conform run Scenarios/dedup2d/s3_lifecycle.yaml --env-file .stack/demo/stack.env --report-dir Reports"
    static let utc = TimeZone(identifier: "UTC")!

    private func report(_ result: ScenarioResult, redactor: Redactor = ReportFixtures.redactor(), date: Date = ReportFixtures.started,
                        timeZone: TimeZone = DevReportTests.utc, commandLine: String = DevReportTests.commandLine) -> DevReport {
        DevReport(
            result: result, commandLine: commandLine, date: date, redactor: redactor, version: "0.1.0", hostname: "ci-runner",
            timeZone: timeZone)
    }

    /// Returns the lines of the section that starts with `heading`, up to the next `## ` heading.
    private func section(_ heading: String, of text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { $0.hasPrefix("## ") } ?? rest.endIndex
        return Array(rest[..<end])
    }

    // MARK: - Golden files

    /// Compares `text` with the golden file `name`, or writes it when CONFORM_RECORD_GOLDEN=1.
    private func expectGolden(_ text: String, named name: String) throws {
        let url = RepositoryPaths.goldenFolder().appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CONFORM_RECORD_GOLDEN"] == "1" {
            try AtomicFile.write(text, to: url.path)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        let golden = try #require(expected, "golden file \(url.path) is missing; run the tests with CONFORM_RECORD_GOLDEN=1 to record it")

        let actualLines = text.components(separatedBy: "\n")
        let goldenLines = golden.components(separatedBy: "\n")
        let firstDifference = zip(actualLines, goldenLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, goldenLines.count)
        #expect(
            text == golden,
            """
            \(name) differs from the rendered report at line \(firstDifference + 1); \
            rerun with CONFORM_RECORD_GOLDEN=1 if the change is intended
            """)
    }

    @Test func passingRunMatchesGolden() throws {
        try expectGolden(report(try ReportFixtures.passingRun()).render(), named: "DEV_DEDUP2D_S3_LIFECYCLE_passing.md")
    }

    @Test func failingRunMatchesGolden() throws {
        try expectGolden(report(try ReportFixtures.failingRun()).render(), named: "DEV_DEDUP2D_S3_LIFECYCLE_failing.md")
    }

    // MARK: - Sections

    @Test func sectionsInHouseOrder() throws {
        let text = report(try ReportFixtures.passingRun()).render()

        var headings: [String] = []
        var insideFence = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") { insideFence.toggle() }
            if !insideFence, line.hasPrefix("#") { headings.append(line) }
        }
        #expect(headings == [
            "# DEV_DEDUP2D_S3_LIFECYCLE_20260101", "## Scope", "## Method", "## Observed Output (summary)", "## Notes", "## Result",
        ])
    }

    @Test func scopeListsScenarioScope() throws {
        let text = report(try ReportFixtures.passingRun()).render()

        #expect(section("## Scope", of: text) == ["- Validate S3/MinIO upload + cleanup lifecycle for dedup2d async jobs.", ""])
    }

    @Test func methodShowsCommand() throws {
        let method = section("## Method", of: report(try ReportFixtures.passingRun()).render())

        #expect(method.first == "Executed by conform 0.1.0 on ci-runner at 2026-01-01 10:00:00 Z:")
        #expect(Array(method.dropFirst().prefix(3)) == ["```bash", DevReportTests.commandLine, "```"])
    }

    @Test func methodListsEndpoints() throws {
        let method = section("## Method", of: report(try ReportFixtures.passingRun()).render())

        #expect(method.contains("- S3: `http://127.0.0.1:9000` (region us-east-1), bucket `dedup2d`, prefix `uploads/`"))
        #expect(method.contains("- HTTP endpoint: `http://localhost:8000`"))
        #expect(method.filter { $0.hasPrefix("- S3:") }.count == 1)
    }

    @Test func methodEmbedsScenarioYAML() throws {
        let text = report(try ReportFixtures.passingRun()).render()

        let fenced = "Scenario `Scenarios/dedup2d/s3_lifecycle.yaml`:\n```yaml\n"
            + ReportFixtures.lifecycleSource.trimmingCharacters(in: .newlines) + "\n```\n"
        #expect(text.contains(fenced))
    }

    @Test func observedOutputListsRecords() throws {
        let observed = section("## Observed Output (summary)", of: report(try ReportFixtures.passingRun()).render())

        #expect(observed == [
            "- `before_objects=0`",
            "- `observed_objects=1` (key sample: `uploads/job-7f3a/6b1e_smoke.png`)",
            "- `final_status=completed`",
            "- `after_objects=0`",
            "",
        ])
    }

    @Test func failingRunLacksAfterObjects() throws {
        let observed = section("## Observed Output (summary)", of: report(try ReportFixtures.failingRun()).render())

        #expect(!observed.contains { $0.contains("after_objects") })
        #expect(observed.contains("- `final_status=completed`"))
    }

    @Test func erroringRunSaysNoRecords() throws {
        var run = try ReportFixtures.erroringRun()
        run.steps[0].records = []

        let observed = section("## Observed Output (summary)", of: report(run).render())

        #expect(observed.first == "- (no records: the steps that record values did not run to the end)")
    }

    @Test func notesHaveTimingTable() throws {
        let notes = section("## Notes", of: report(try ReportFixtures.passingRun()).render())

        #expect(notes.contains("| step | kind | status | attempts | duration |"))
        #expect(notes.contains("| `before` | s3_list | passed | 1 | 0.041s |"))
        #expect(notes.contains("| `job_terminal` | http | passed | 9 | 2.003s |"))
        #expect(notes.filter { $0.hasPrefix("| `") }.count == 5)
    }

    @Test func notesListRetries() throws {
        let notes = section("## Notes", of: report(try ReportFixtures.failingRun()).render())

        #expect(notes.contains("- `upload_observed`: 7 attempts in 306ms."))
        #expect(notes.contains("- `cleaned_up`: 40 attempts in 10s."))
    }

    @Test func notesListSlowSteps() throws {
        var run = try ReportFixtures.passingRun()
        run.steps[3].duration = 120

        let notes = section("## Notes", of: report(run).render())

        #expect(notes.contains("- `job_terminal` was slow: 2m of the 3m scenario timeout."))
    }

    @Test func notesListTransportErrors() throws {
        var run = try ReportFixtures.passingRun()
        run.steps[3].transportErrors = 2

        let notes = section("## Notes", of: report(run).render())

        #expect(notes.contains("- `job_terminal`: 2 transport errors retried within the poll deadline."))
    }

    @Test func notesMarkInterruptedRun() throws {
        let notes = section("## Notes", of: report(try ReportFixtures.interruptedRun()).render())

        #expect(notes.contains("- The run was interrupted; steps not run are marked skipped."))
    }

    @Test func resultPassesEveryStep() throws {
        let result = section("## Result", of: report(try ReportFixtures.passingRun()).render())

        #expect(result.count == 7)
        #expect(result.prefix(5).allSatisfy { $0.hasPrefix("- PASS `") })
        #expect(result.contains("- PASS `upload_observed`: 'until' held on attempt 7; count >= 1; keys each item matches glob \"uploads/job-7f3a/*_smoke.png\""))
        #expect(result[5] == "- PASS overall: 5 passed, 0 failed, 0 errored, 0 skipped.")
    }

    @Test func failingResultNamesRemainingKey() throws {
        let result = section("## Result", of: report(try ReportFixtures.failingRun()).render())

        let cleanup = try #require(result.first { $0.hasPrefix("- FAIL `cleaned_up`:") })
        #expect(cleanup.contains("'until' did not hold within 10s"))
        #expect(cleanup.hasSuffix("last: 1 object: uploads/job-7f3a/6b1e_smoke.png"))
        #expect(result.contains("- FAIL overall: 4 passed, 1 failed, 0 errored, 0 skipped."))
    }

    @Test func erroredAndSkippedVerdicts() throws {
        let result = section("## Result", of: report(try ReportFixtures.erroringRun()).render())

        #expect(result.contains { $0.hasPrefix("- ERROR `submit`: connect failed:") })
        #expect(result.contains("- SKIP `upload_observed`: skipped because 'submit' errored"))
        #expect(result.contains("- FAIL overall: 1 passed, 0 failed, 1 errored, 3 skipped."))
    }

    @Test func multilineMessageJoinedOnOneLine() throws {
        let result = section("## Result", of: report(try ReportFixtures.skippedStepsRun()).render())

        #expect(result.contains(
            "- FAIL `submit`: status: expected equals 200, actual 503; json.status: expected equals \"pending\", actual absent"))
    }

    @Test func interruptedRunFailsOverall() throws {
        let result = section("## Result", of: report(try ReportFixtures.interruptedRun()).render())

        #expect(result.contains("- FAIL overall: 2 passed, 0 failed, 0 errored, 3 skipped."))
    }

    // MARK: - Redaction and dates

    @Test func secretsNeverAppear() throws {
        let canary = "canary-secret-7c41"
        var run = try ReportFixtures.failingRun()
        run.steps[3].records.append(RecordedValue(name: "token", value: canary, context: "from \(canary)"))
        run.steps[4].message = "token \(canary) rejected"
        run.s3Endpoint = "http://\(canary)@127.0.0.1:9000"
        let commandLine = DevReportTests.commandLine + " --var api_token=\(canary)"

        let text = report(run, redactor: Redactor(secrets: [canary]), commandLine: commandLine).render()

        #expect(!text.contains(canary))
        #expect(text.contains("- `token=***` (from ***)"))
        #expect(text.contains("--var api_token=***"))
    }

    @Test func titleUsesReportTimeZone() throws {
        let lateEvening = ReportFixtures.started.addingTimeInterval(13.5 * 3600)
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))

        #expect(report(try ReportFixtures.passingRun(), date: lateEvening).title == "DEV_DEDUP2D_S3_LIFECYCLE_20260101")
        #expect(report(try ReportFixtures.passingRun(), date: lateEvening, timeZone: tokyo).title == "DEV_DEDUP2D_S3_LIFECYCLE_20260102")
    }

    // MARK: - File path

    @Test func firstReportTakesBaseName() throws {
        let folder = try TemporaryFolder()

        let path = report(try ReportFixtures.passingRun()).path(in: folder.url.path, overwrite: false)

        #expect(path == folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"))
    }

    @Test func sameDayRerunsAreNumbered() throws {
        let folder = try TemporaryFolder()
        let devReport = report(try ReportFixtures.passingRun())
        var paths: [String] = []

        for _ in 1...3 {
            let path = devReport.path(in: folder.url.path, overwrite: false)
            try AtomicFile.write(devReport.render(), to: path)
            paths.append(path)
        }

        #expect(paths == [
            folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"),
            folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101_2.md"),
            folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101_3.md"),
        ])
    }

    @Test func overwriteReusesBaseName() throws {
        let folder = try TemporaryFolder()
        let devReport = report(try ReportFixtures.passingRun())
        try AtomicFile.write("earlier\n", to: folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"))
        try AtomicFile.write("earlier\n", to: folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101_2.md"))

        let path = devReport.path(in: folder.url.path, overwrite: true)

        #expect(path == folder.path("DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"))
    }
}
