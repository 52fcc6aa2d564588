import ConformEngine
import ConformLanguage
import Foundation

/// The dated markdown verification report, `DEV_<REPORT>_<YYYYMMDD>.md`, in the house format:
/// Scope, Method, Observed Output (summary), Notes and Result.
public struct DevReport {
    public let result: ScenarioResult
    public let commandLine: String
    public let date: Date
    public let redactor: Redactor
    public let version: String
    public let hostname: String
    /// The zone for the date in the file name and the run time in Method.
    public let timeZone: TimeZone

    /// Steps slower than this share of the scenario timeout are listed under Notes.
    static let slowShare = 0.5

    public init(
        result: ScenarioResult, commandLine: String, date: Date, redactor: Redactor, version: String,
        hostname: String = ProcessInfo.processInfo.hostName, timeZone: TimeZone = .current
    ) {
        self.hostname = hostname
        self.timeZone = timeZone
        self.result = result
        self.commandLine = commandLine
        self.date = date
        self.redactor = redactor
        self.version = version
    }

    public var title: String { "DEV_\(result.scenario.report)_\(DevReport.day(date, in: timeZone))" }

    public func render() -> String {
        let scenario = result.scenario
        var lines = ["# \(title)", "", "## Scope"]
        lines += scenario.scope.isEmpty ? ["- \(scenario.report) (no scope written in the scenario)."] : scenario.scope.map { "- \($0)" }

        lines += ["", "## Method"]
        lines.append("Executed by conform \(version) on \(hostname) at \(DevReport.time(result.started, in: timeZone)):")
        lines += ["```bash", commandLine, "```"]
        lines += targets()
        lines.append("")
        lines.append("Scenario `\(scenario.file)`:")
        let fence = DevReport.fence(for: scenario.source)
        lines += [fence + "yaml", scenario.source.trimmingCharacters(in: .newlines), fence]

        lines += ["", "## Observed Output (summary)"]
        let records = result.steps.flatMap(\.records)
        if records.isEmpty {
            lines.append("- (no records: the steps that record values did not run to the end)")
        }
        for record in records {
            lines.append("- `\(record.name)=\(record.value)`" + (record.context.map { " (\($0))" } ?? ""))
        }

        lines += ["", "## Notes"]
        lines += notes()

        lines += ["", "## Result"]
        lines += outcomes()
        return redactor.redact(lines.joined(separator: "\n")) + "\n"
    }

    /// The HTTP origins and S3 locations the steps used, each once.
    private func targets() -> [String] {
        var lines: [String] = []
        func add(_ line: String) {
            if !lines.contains(line) { lines.append(line) }
        }
        for step in result.steps {
            guard let target = step.target else { continue }
            let parts = target.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "s3_list" {
                add(s3Line(parts[1]))
            } else if parts[0].hasPrefix("s3_") {
                // An object step's target is `s3://bucket/key`; the key's last segment names the object.
                let folder = parts[1].range(of: "/", options: .backwards).map { String(parts[1][..<$0.upperBound]) } ?? parts[1]
                add(s3Line(folder))
            } else if let components = URLComponents(string: parts[1]), let host = components.host, let scheme = components.scheme {
                add("- HTTP endpoint: `\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + "`")
            }
        }
        return lines
    }

    /// `s3://bucket/uploads/<id>/` becomes the endpoint, the bucket and the first prefix level, so
    /// per-job prefixes do not each get a line.
    private func s3Line(_ location: String) -> String {
        let path = location.replacingOccurrences(of: "s3://", with: "")
        let bucket = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? path
        let prefix = path.split(separator: "/").dropFirst().first.map { "\($0)/" } ?? ""
        let endpoint = result.s3Endpoint.map { "`\($0)`" + (result.s3Region.map { " (region \($0))" } ?? "") + ", " } ?? ""
        return "- S3: \(endpoint)bucket `\(bucket)`, prefix `\(prefix)`"
    }

    private func notes() -> [String] {
        var lines: [String] = []
        for step in result.steps {
            if step.transportErrors > 0 {
                lines.append("- `\(step.stepID)`: \(step.transportErrors) transport errors retried within the poll deadline.")
            }
            if step.attempts.count > 1 {
                lines.append("- `\(step.stepID)`: \(step.attempts.count) attempts in \(DurationText.format(step.duration)).")
            }
            if step.duration > result.scenario.timeout * DevReport.slowShare {
                lines.append("- `\(step.stepID)` was slow: \(DurationText.format(step.duration)) of the \(DurationText.format(result.scenario.timeout)) scenario timeout.")
            }
        }
        for step in result.scenario.steps {
            if case .http(let action) = step.action, action.insecure {
                lines.append("- `\(step.id)` ran with `insecure: true`: TLS certificates and host names were not verified.")
            }
        }
        if !result.webhookDeliveries.isEmpty {
            let count = result.webhookDeliveries.count
            lines.append("- The webhook receiver got \(count) \(count == 1 ? "request" : "requests"):")
            for delivery in result.webhookDeliveries {
                let fence = DevReport.fence(for: delivery)
                lines += ["", "  " + fence + "http"] + delivery.split(separator: "\n").map { "  " + $0 } + ["  " + fence, ""]
            }
        }
        if result.interrupted { lines.append("- The run was interrupted; steps not run are marked skipped.") }
        if lines.isEmpty { lines.append("- No retries, transport errors or slow steps.") }

        lines += ["", "| step | kind | status | attempts | duration |", "| --- | --- | --- | --- | --- |"]
        for step in result.steps {
            lines.append(
                "| `\(step.stepID)` | \(step.kind) | \(step.status.rawValue) | \(step.attempts.count) | \(String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), step.duration))s |")
        }
        return lines
    }

    private func outcomes() -> [String] {
        var lines: [String] = []
        for step in result.steps {
            let verdict: String
            switch step.status {
            case .passed: verdict = "PASS"
            case .failed: verdict = "FAIL"
            case .errored: verdict = "ERROR"
            case .skipped: verdict = "SKIP"
            }
            lines.append("- \(verdict) `\(step.stepID)`: \(reason(step))")
        }
        let passed = result.passed
        let counts = "\(result.count(.passed)) passed, \(result.count(.failed)) failed, \(result.count(.errored)) errored, \(result.count(.skipped)) skipped"
        lines.append("- \(passed ? "PASS" : "FAIL") overall: \(counts).")
        return lines
    }

    private func reason(_ step: StepResult) -> String {
        if let message = step.message, step.status != .passed {
            return message.replacingOccurrences(of: "\n", with: "; ")
        }
        var parts: [String] = []
        if isPoll(step) {
            parts.append("'until' held on attempt \(step.attempts.count)")
        }
        parts += step.checks.filter(\.passed).map { "\($0.subject) \($0.expected)" }
        if parts.isEmpty { parts.append(step.attempts.last?.outcome ?? "done") }
        return parts.joined(separator: "; ")
    }

    private func isPoll(_ step: StepResult) -> Bool {
        result.scenario.steps.first { $0.id == step.stepID }?.poll != nil
    }

    /// A code fence longer than any run of backticks in `text`, so the text cannot close it early.
    static func fence(for text: String) -> String {
        var longest = 0
        var current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    static func day(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: date)
    }

    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss ZZZZZ"
        return formatter.string(from: date)
    }

    /// The path for this report in `folder`: `DEV_X_20260101.md`, or `_2`, `_3`… when that exists,
    /// unless `overwrite` is set, so no earlier report is lost.
    public func path(in folder: String, overwrite: Bool) -> String {
        let base = URL(fileURLWithPath: folder).appendingPathComponent(title).path
        if overwrite || !FileManager.default.fileExists(atPath: base + ".md") { return base + ".md" }
        var number = 2
        while FileManager.default.fileExists(atPath: "\(base)_\(number).md") { number += 1 }
        return "\(base)_\(number).md"
    }
}
