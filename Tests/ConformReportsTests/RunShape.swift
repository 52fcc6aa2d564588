@testable import ConformEngine
import ConformReports
import Foundation
import Testing

/// The kinds of run a JUnit file must describe, each with the results that make it up.
enum RunShape: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case passing
    case failing
    case erroring
    case skippedSteps
    case interrupted
    case severalScenarios

    var testDescription: String { rawValue }

    func results() throws -> [ScenarioResult] {
        switch self {
        case .passing: return [try ReportFixtures.passingRun()]
        case .failing: return [try ReportFixtures.failingRun()]
        case .erroring: return [try ReportFixtures.erroringRun()]
        case .skippedSteps: return [try ReportFixtures.skippedStepsRun()]
        case .interrupted: return [try ReportFixtures.interruptedRun()]
        case .severalScenarios:
            return [try ReportFixtures.failingRun(), try ReportFixtures.healthRun()]
        }
    }

    /// Renders the run's JUnit file into `folder` and returns its path.
    func writeJUnit(in folder: TemporaryFolder) throws -> String {
        let report = JUnitReport(results: try results(), redactor: ReportFixtures.redactor(), hostname: "ci-runner", version: "0.1.0")
        let path = folder.path("junit-\(rawValue).xml")
        try AtomicFile.write(report.render(), to: path)
        return path
    }
}
