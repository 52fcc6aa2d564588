import Foundation
import Testing

/// The JUnit file as a third-party reader sees it: the PyPI junitparser package from the stack's venv.
@Suite struct JUnitParserTests {
    /// What junitparser reports for one suite and its cases.
    struct ParsedSuite: Decodable {
        var name: String
        var tests: Int
        var failures: Int
        var errors: Int
        var skipped: Int
        var cases: [ParsedCase]
    }

    struct ParsedCase: Decodable {
        var name: String
        /// The class names of the case's result elements, lower-cased: `failure`, `error`, `skipped`.
        var results: [String]
        var messages: [String?]
    }

    private static let script = """
        import json, sys
        from junitparser import JUnitXml
        suites = []
        for suite in JUnitXml.fromfile(sys.argv[1]):
            cases = [{"name": case.name,
                      "results": [type(r).__name__.lower() for r in case.result],
                      "messages": [r.message for r in case.result]} for case in suite]
            suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                           "errors": suite.errors, "skipped": suite.skipped, "cases": cases})
        print(json.dumps(suites))
        """

    private func parse(_ shape: RunShape) throws -> [ParsedSuite] {
        let python = try RepositoryPaths.stackPython()
        let folder = try TemporaryFolder()
        let path = try shape.writeJUnit(in: folder)
        let run = try Subprocess.run(python, ["-c", JUnitParserTests.script, path])
        try #require(run.status == 0, "junitparser could not read the \(shape.rawValue) run:\n\(run.standardError)")
        return try JSONDecoder().decode([ParsedSuite].self, from: Data(run.standardOutput.utf8))
    }

    @Test func passingRunHasNoResults() throws {
        let suites = try parse(.passing)

        let suite = try #require(suites.first)
        #expect(suites.count == 1)
        #expect(suite.name == "DEDUP2D_S3_LIFECYCLE")
        #expect(suite.tests == 5)
        #expect(suite.cases.map(\.name) == ["before", "submit", "upload_observed", "job_terminal", "cleaned_up"])
        #expect(suite.cases.allSatisfy { $0.results.isEmpty })
    }

    @Test func failingRunHasOneFailure() throws {
        let suite = try #require(try parse(.failing).first)

        #expect(suite.failures == 1)
        #expect(suite.errors == 0)
        #expect(suite.skipped == 0)
        #expect(suite.cases.last?.results == ["failure"])
        #expect(suite.cases.dropLast().allSatisfy { $0.results.isEmpty })
    }

    @Test func erroringRunTellsErrorFromSkipped() throws {
        let suite = try #require(try parse(.erroring).first)

        #expect(suite.failures == 0)
        #expect(suite.errors == 1)
        #expect(suite.skipped == 3)
        #expect(suite.cases.map(\.results) == [[], ["error"], ["skipped"], ["skipped"], ["skipped"]])
    }

    @Test func skippedStepsKeepTheirReason() throws {
        let suite = try #require(try parse(.skippedSteps).first)

        #expect(suite.failures == 1)
        #expect(suite.skipped == 3)
        #expect(suite.cases.map(\.results) == [[], ["failure"], ["skipped"], ["skipped"], ["skipped"]])
        #expect(suite.cases[2].messages == ["skipped because 'submit' failed"])
    }

    @Test func interruptedRunSkipsUnfinishedSteps() throws {
        let suite = try #require(try parse(.interrupted).first)

        #expect(suite.tests == 5)
        #expect(suite.skipped == 3)
        #expect(suite.cases.map(\.results) == [[], [], ["skipped"], ["skipped"], ["skipped"]])
        #expect(suite.cases[4].messages == ["not run: the run was interrupted"])
    }

    @Test func severalScenariosMakeSeveralSuites() throws {
        let suites = try parse(.severalScenarios)

        #expect(suites.map(\.name) == ["DEDUP2D_S3_LIFECYCLE", "STACK_HEALTH"])
        #expect(suites.map(\.tests) == [5, 1])
        #expect(suites.map(\.failures) == [1, 0])
    }
}
