import ConformEngine
import ConformLanguage
import Foundation

/// JUnit XML: a testsuite per scenario and a testcase per step.
///
/// The output validates against both the strict Apache Ant schema and Jenkins' xunit schema: no
/// attributes on the root, `properties`, `system-out` and `system-err` in every suite, and nothing but
/// a result element inside a testcase.
public struct JUnitReport {
    public let results: [ScenarioResult]
    public let redactor: Redactor
    public let hostname: String
    public let version: String

    /// Maximum characters of one failure or error body, so a huge response cannot bloat the file.
    static let maximumBodyCharacters = 8_000

    public init(results: [ScenarioResult], redactor: Redactor, hostname: String, version: String) {
        self.results = results
        self.redactor = redactor
        self.hostname = hostname
        self.version = version
    }

    public func render() -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites>"]
        for (index, result) in results.enumerated() {
            lines += suite(result, id: index)
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func suite(_ result: ScenarioResult, id: Int) -> [String] {
        let scenario = result.scenario
        let failures = result.count(.failed)
        let errors = result.count(.errored)
        let skipped = result.count(.skipped)
        let attributes = [
            ("name", scenario.report), ("package", "conform." + packageName(scenario.file)), ("id", String(id)),
            ("timestamp", JUnitReport.timestamp(result.started)), ("hostname", hostname),
            ("tests", String(result.steps.count)), ("failures", String(failures)), ("errors", String(errors)),
            ("skipped", String(skipped)), ("time", JUnitReport.seconds(result.duration)),
        ]
        var lines = ["  <testsuite \(render(attributes))>", "    <properties>"]
        var properties = [("conform.version", version), ("scenario.file", scenario.file)]
        if !scenario.tags.isEmpty { properties.append(("scenario.tags", scenario.tags.joined(separator: ","))) }
        let endpoints = JUnitReport.endpoints(of: result)
        if !endpoints.isEmpty { properties.append(("scenario.endpoints", endpoints.joined(separator: ","))) }
        for (name, value) in properties {
            lines.append("      <property \(render([("name", name), ("value", value)]))/>")
        }
        lines.append("    </properties>")

        for step in result.steps {
            lines += testcase(step, scenario: scenario)
        }
        lines.append("    <system-out>\(XMLText.content(redactor.redact(result.trace.joined(separator: "\n"))))</system-out>")
        lines.append("    <system-err></system-err>")
        lines.append("  </testsuite>")
        return lines
    }

    private func testcase(_ step: StepResult, scenario: Scenario) -> [String] {
        let attributes = [("name", step.stepID), ("classname", scenario.report), ("time", JUnitReport.seconds(step.duration))]
        let message = redactor.redact(step.message ?? "")
        let firstLine = String(message.split(separator: "\n").first ?? "")

        switch step.status {
        case .passed:
            return ["    <testcase \(render(attributes))/>"]
        case .skipped:
            return [
                "    <testcase \(render(attributes))>",
                "      <skipped \(render([("message", firstLine)]))/>",
                "    </testcase>",
            ]
        case .failed, .errored:
            let element = step.status == .failed ? "failure" : "error"
            let type = step.status == .failed ? "AssertionFailure" : "CouldNotRun"
            let body = failureBody(step)
            return [
                "    <testcase \(render(attributes))>",
                "      <\(element) \(render([("message", firstLine), ("type", type)]))>\(XMLText.content(body))</\(element)>",
                "    </testcase>",
            ]
        }
    }

    /// Builds the body from the step's file and line, its message, attempts and last exchange. The text
    /// is redacted before it is cut to size, so a cut never leaves the start of a secret behind.
    private func failureBody(_ step: StepResult) -> String {
        var lines = ["at \(step.location)", step.message ?? ""]
        if !step.attempts.isEmpty {
            lines.append("attempts: \(step.attempts.count)")
            for attempt in step.attempts.suffix(5) {
                lines.append(String(format: "  #%d +%.3fs %@", attempt.number, attempt.offset, attempt.outcome))
            }
        }
        if let exchange = step.lastExchange {
            lines.append("last exchange:")
            lines.append(exchange)
        }
        let text = redactor.redact(lines.joined(separator: "\n"))
        guard text.count > JUnitReport.maximumBodyCharacters else { return text }
        return String(text.prefix(JUnitReport.maximumBodyCharacters)) + "\n… (cut at \(JUnitReport.maximumBodyCharacters) characters)"
    }

    private func render(_ attributes: [(String, String)]) -> String {
        attributes.map { "\($0.0)=\"\(XMLText.attribute(redactor.redact($0.1)))\"" }.joined(separator: " ")
    }

    private func packageName(_ file: String) -> String {
        let trimmed = file.hasSuffix(".yaml") ? String(file.dropLast(5)) : (file.hasSuffix(".yml") ? String(file.dropLast(4)) : file)
        return trimmed.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: ".")
    }

    /// The origins the scenario talked to: the S3 endpoint and each HTTP scheme://host:port, once each.
    /// Paths and queries are left out, so a token in a query string never becomes a property.
    static func endpoints(of result: ScenarioResult) -> [String] {
        var origins: [String] = []
        if let endpoint = result.s3Endpoint { origins.append(endpoint) }
        for step in result.steps {
            guard let target = step.target, let url = target.split(separator: " ").dropFirst().first,
                let components = URLComponents(string: String(url)), let scheme = components.scheme, scheme.hasPrefix("http"),
                let host = components.host
            else { continue }
            let origin = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
            if !origins.contains(origin) { origins.append(origin) }
        }
        return origins
    }

    /// Seconds with a dot decimal separator whatever the locale.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// The strict schema's timestamp form: UTC, written without a zone because the schema allows none.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}
