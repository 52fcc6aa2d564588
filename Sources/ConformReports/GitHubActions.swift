import ConformEngine
import ConformLanguage
import Foundation

/// Output for GitHub Actions: an error annotation per failed step, pointing at the scenario file
/// and line, and a markdown run summary for the job's summary page.
public struct GitHubActions {
    public let results: [ScenarioResult]
    public let redactor: Redactor

    public init(results: [ScenarioResult], redactor: Redactor) {
        self.results = results
        self.redactor = redactor
    }

    /// One `::error` workflow command per failed or errored step.
    public func annotations() -> [String] {
        var lines: [String] = []
        for result in results {
            for step in result.steps where step.status == .failed || step.status == .errored {
                let title = "\(result.scenario.report): \(step.stepID) \(step.status.rawValue)"
                let properties = [
                    "file=\(GitHubActions.escapeProperty(step.location.file))", "line=\(step.location.line)",
                    "col=\(step.location.column)", "title=\(GitHubActions.escapeProperty(redactor.redact(title)))",
                ]
                let message = GitHubActions.escapeData(redactor.redact(step.message ?? step.status.rawValue))
                lines.append("::error \(properties.joined(separator: ","))::\(message)")
            }
        }
        return lines
    }

    /// A markdown summary: one row per scenario, then the failed steps with their reasons.
    public func summary(reportPaths: [String]) -> String {
        var lines = ["## conform", "", "| scenario | result | passed | failed | errored | skipped | time |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for result in results {
            let verdict = result.passed ? "PASS" : "FAIL"
            lines.append(
                "| \(result.scenario.report) | \(verdict) | \(result.count(.passed)) | \(result.count(.failed)) | "
                    + "\(result.count(.errored)) | \(result.count(.skipped)) | \(String(format: "%.1f", locale: Locale(identifier: "en_US_POSIX"), result.duration))s |")
        }
        let failures = results.flatMap { result in
            result.steps.filter { $0.status == .failed || $0.status == .errored }.map { (result.scenario.report, $0) }
        }
        if !failures.isEmpty {
            lines += ["", "### Failures", ""]
            for (report, step) in failures {
                let reason = (step.message ?? "").replacingOccurrences(of: "\n", with: " ")
                lines.append("- `\(report)` / `\(step.stepID)` at `\(step.location)`: \(reason)")
            }
        }
        if !reportPaths.isEmpty {
            lines += ["", "Reports: " + reportPaths.map { "`\($0)`" }.joined(separator: ", ")]
        }
        return redactor.redact(lines.joined(separator: "\n")) + "\n"
    }

    /// Escapes a workflow command's message as the runner expects: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a workflow command's property value: the message escapes plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
