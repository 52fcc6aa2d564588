@testable import ConformEngine
@testable import ConformReports
import Foundation
import Testing

/// The JUnit file's content: result elements, failure bodies, times, properties and redaction.
@Suite struct JUnitContentTests {
    private func render(_ results: [ScenarioResult], redactor: Redactor = ReportFixtures.redactor(), hostname: String = "ci-runner",
                        version: String = "0.1.0") throws -> JUnitDocument {
        let text = JUnitReport(results: results, redactor: redactor, hostname: hostname, version: version).render()
        return try JUnitDocument(text)
    }

    private func testcase(_ id: String) -> String {
        "/testsuites/testsuite/testcase[@name='\(id)']"
    }

    // MARK: - Result elements

    @Test func failedStepIsFailure() throws {
        let document = try render([try ReportFixtures.failingRun()])

        #expect(try document.elements(testcase("cleaned_up") + "/failure").count == 1)
        #expect(try document.elements(testcase("cleaned_up") + "/error").isEmpty)
        #expect(try document.attribute("type", of: testcase("cleaned_up") + "/failure") == "AssertionFailure")
    }

    @Test func erroredStepIsError() throws {
        let document = try render([try ReportFixtures.erroringRun()])

        #expect(try document.elements(testcase("submit") + "/error").count == 1)
        #expect(try document.elements(testcase("submit") + "/failure").isEmpty)
        #expect(try document.attribute("type", of: testcase("submit") + "/error") == "CouldNotRun")
    }

    @Test func skippedStepHasReason() throws {
        let document = try render([try ReportFixtures.erroringRun()])

        let message = try document.attribute("message", of: testcase("upload_observed") + "/skipped")
        #expect(message == "skipped because 'submit' errored")
    }

    @Test func passedStepIsEmpty() throws {
        let document = try render([try ReportFixtures.passingRun()])

        #expect(try document.element(testcase("before")).childCount == 0)
    }

    @Test func failureMessageIsFirstLine() throws {
        let document = try render([try ReportFixtures.skippedStepsRun()])

        let message = try document.attribute("message", of: testcase("submit") + "/failure")
        #expect(message == "status: expected equals 200, actual 503")
    }

    // MARK: - Failure body

    @Test func failureBodyStartsAtLocation() throws {
        let run = try ReportFixtures.failingRun()
        let document = try render([run])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        let firstLine = body.split(separator: "\n").first.map(String.init)
        #expect(firstLine == "at Scenarios/dedup2d/s3_lifecycle.yaml:54:9")
        #expect(firstLine == "at \(run.steps[4].location)")
    }

    @Test func failureBodyListsLastAttempts() throws {
        let document = try render([try ReportFixtures.failingRun()])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        #expect(body.contains("\nattempts: 40\n"))
        #expect(body.contains("  #36 +8.750s 1 object: \(ReportFixtures.uploadedKey)"))
        #expect(body.contains("  #40 +9.750s 1 object: \(ReportFixtures.uploadedKey)"))
        #expect(!body.contains("#35 "))
    }

    @Test func failureBodyEndsWithExchange() throws {
        let document = try render([try ReportFixtures.failingRun()])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        let expectedEnd = "last exchange:\nListObjectsV2 s3://dedup2d/uploads/job-7f3a/ → 1 object: \(ReportFixtures.uploadedKey)"
        #expect(body.hasSuffix(expectedEnd))
    }

    @Test func errorBodyCarriesTransportMessage() throws {
        let document = try render([try ReportFixtures.erroringRun()])

        let body = try document.content(of: testcase("submit") + "/error")
        #expect(body.contains("connect failed: Failed to connect to localhost port 8000"))
        #expect(body.contains("attempts: 1\n"))
    }

    @Test func longBodyIsCut() throws {
        var run = try ReportFixtures.failingRun()
        run.steps[4].lastExchange = String(repeating: "0123456789", count: 2_000)
        let document = try render([run])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        let marker = "\n… (cut at \(JUnitReport.maximumBodyCharacters) characters)"
        #expect(body.hasSuffix(marker))
        #expect(body.count == JUnitReport.maximumBodyCharacters + marker.count)
    }

    @Test func shortBodyIsWhole() throws {
        let document = try render([try ReportFixtures.failingRun()])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        #expect(!body.contains("(cut at"))
    }

    /// Wherever the cut falls inside a secret, no part of the secret is left before it.
    @Test func cutNeverSplitsSecret() throws {
        let secret = "canary-0123456789abcdef"
        for padding in 0..<secret.count {
            var run = try ReportFixtures.failingRun()
            run.steps[4].lastExchange = String(repeating: "x", count: padding) + String(repeating: secret, count: 500)
            let document = try render([run], redactor: Redactor(secrets: [secret]))

            let body = try document.content(of: testcase("cleaned_up") + "/failure")
            #expect(!body.contains("canary"), "part of the secret is left before the cut with \(padding) characters of padding")
        }
    }

    // MARK: - Suite attributes

    @Test func timesUseDotSeparator() throws {
        let document = try render([try ReportFixtures.failingRun(), try ReportFixtures.healthRun()])

        let timed = try document.elements("//*[@time]")
        #expect(timed.count == 8)
        for element in timed {
            let time = element.attribute(forName: "time")?.stringValue ?? ""
            #expect(time.wholeMatch(of: #/[0-9]+\.[0-9]{3}/#) != nil, "time '\(time)' on \(element.name ?? "?")")
        }
    }

    @Test("Seconds formatted with a dot", arguments: [
        (0.0, "0.000"), (0.0004, "0.000"), (1.5, "1.500"), (10.006, "10.006"), (1234.5678, "1234.568"),
    ])
    func secondsFormat(value: Double, expected: String) {
        #expect(JUnitReport.seconds(value) == expected)
    }

    @Test func suiteAttributesDescribeRun() throws {
        let document = try render([try ReportFixtures.erroringRun()])
        let suite = "/testsuites/testsuite"

        #expect(try document.attribute("name", of: suite) == "DEDUP2D_S3_LIFECYCLE")
        #expect(try document.attribute("package", of: suite) == "conform.Scenarios.dedup2d.s3_lifecycle")
        #expect(try document.attribute("id", of: suite) == "0")
        #expect(try document.attribute("timestamp", of: suite) == "2026-01-01T10:00:00")
        #expect(try document.attribute("hostname", of: suite) == "ci-runner")
        #expect(try document.attribute("tests", of: suite) == "5")
        #expect(try document.attribute("failures", of: suite) == "0")
        #expect(try document.attribute("errors", of: suite) == "1")
        #expect(try document.attribute("skipped", of: suite) == "3")
        #expect(try document.attribute("time", of: suite) == "0.051")
    }

    @Test func suiteIdsCountFromZero() throws {
        let document = try render([try ReportFixtures.failingRun(), try ReportFixtures.healthRun()])

        let ids = try document.elements("/testsuites/testsuite").map { $0.attribute(forName: "id")?.stringValue }
        #expect(ids == ["0", "1"])
    }

    @Test func rootHasNoAttributes() throws {
        let document = try render([try ReportFixtures.passingRun()])

        #expect(try document.element("/testsuites").attributes?.isEmpty ?? true)
    }

    @Test func testcaseHasNoSystemOut() throws {
        let document = try render([try ReportFixtures.failingRun()])

        #expect(try document.elements("//testcase/system-out").isEmpty)
    }

    @Test func propertiesNameVersionAndFile() throws {
        let document = try render([try ReportFixtures.passingRun()])
        let property = "/testsuites/testsuite/properties/property"

        #expect(try document.attribute("value", of: property + "[@name='conform.version']") == "0.1.0")
        #expect(try document.attribute("value", of: property + "[@name='scenario.file']") == "Scenarios/dedup2d/s3_lifecycle.yaml")
        #expect(try document.attribute("value", of: property + "[@name='scenario.tags']") == "dedup2d,s3,lifecycle")
    }

    @Test func untaggedScenarioHasNoTagsProperty() throws {
        let document = try render([try ReportFixtures.healthRun()])

        #expect(try document.elements("//property[@name='scenario.tags']").isEmpty)
    }

    @Test func systemOutCarriesTrace() throws {
        let run = try ReportFixtures.passingRun()
        let document = try render([run])

        #expect(try document.content(of: "/testsuites/testsuite/system-out") == run.trace.joined(separator: "\n"))
    }

    // MARK: - Redaction and escaping

    @Test func secretsNeverAppear() throws {
        let canary = "canary-secret-7c41"
        var run = try ReportFixtures.failingRun()
        run.steps[4].message = "token \(canary) rejected\nsecond line with \(canary)"
        run.steps[4].lastExchange = "> GET /?token=\(canary)\n< 401 {\"token\":\"\(canary)\"}"
        run.steps[4].attempts[39].outcome = "401 \(canary)"
        run.trace.append("  10:00:10.000 record token=\(canary)")
        let redactor = Redactor(secrets: [canary])

        let text = try render([run], redactor: redactor, hostname: "host-\(canary)", version: "0.1.0+\(canary)").text

        #expect(!text.contains(canary))
        #expect(!text.contains("canary-secret"))
        #expect(text.contains("token *** rejected"))
        #expect(text.contains("hostname=\"host-***\""))
        #expect(text.contains("value=\"0.1.0+***\""))
    }

    @Test func apiKeyHiddenInExchange() throws {
        let text = try render([try ReportFixtures.skippedStepsRun()]).text

        #expect(!text.contains(ReportFixtures.apiKey))
        #expect(text.contains("&gt; X-API-Key: ***"))
    }

    @Test func controlCharactersStayWellFormed() throws {
        var run = try ReportFixtures.failingRun()
        run.steps[4].message = "body had \u{0}\u{1B}[31m and \u{FFFE}"
        run.steps[4].lastExchange = "< 200 \u{7}\u{8}\u{C}<&>\"]]>"
        run.trace.append("\u{1B}[32mpass\u{1B}[0m")

        let document = try render([run])

        let body = try document.content(of: testcase("cleaned_up") + "/failure")
        #expect(body.contains("body had \\x00\\x1B[31m and \\u{FFFE}"))
        #expect(body.contains("< 200 \\x07\\x08\\x0C<&>\"]]>"))
        #expect(try document.content(of: "/testsuites/testsuite/system-out").hasSuffix("\\x1B[32mpass\\x1B[0m"))
    }
}
