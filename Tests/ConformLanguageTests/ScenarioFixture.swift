import ConformLanguage
import Foundation
import Testing

/// Helpers that load scenario text the way `conform validate` does and show diagnostics as a user
/// sees them.
enum ScenarioFixture {
    /// Loads `text`; when it does not load, records the rendered diagnostics as the test's issue.
    static func load(_ text: String, file: String = "test.yaml") throws -> Scenario {
        do {
            return try ScenarioLoader.parse(text, file: file)
        } catch {
            let rendered = DiagnosticRenderer(sources: [file: text]).render(error.diagnostics)
            Issue.record(Comment(rawValue: rendered))
            throw error
        }
    }

    /// Returns every diagnostic of `text` rendered with its source line, or nil when it loads.
    static func renderedErrors(_ text: String, file: String = "broken.yaml") -> String? {
        do {
            _ = try ScenarioLoader.parse(text, file: file)
            return nil
        } catch {
            return DiagnosticRenderer(sources: [file: text]).render(error.diagnostics)
        }
    }

    /// Reads `yaml` as the matcher of `expect: {json: {value: …}}` in an HTTP step.
    ///
    /// The scenario defines the variable `prefix` (`uploads`) for matchers that use a template.
    static func matcher(_ yaml: String) throws -> Matcher {
        let text = """
            vars: {prefix: uploads}
            steps:
              - http: {get: http://localhost/}
                expect: {json: {value: \(yaml)}}
            """
        let scenario = try load(text)
        let checks = scenario.steps[0].expectations
        try #require(checks.count == 1)
        return checks[0].matcher
    }

    /// Evaluates the matcher written as `yaml` against the JSON text `actual` (nil: the value is missing).
    static func evaluate(_ yaml: String, against actual: String?) throws -> Matcher.Outcome {
        let matcher = try matcher(yaml)
        let value = try actual.map { try JSONParser.parse($0) }
        return matcher.evaluate(value, render: renderWithTestVariables)
    }

    /// Renders a template with `prefix` set to `uploads`; other references render as `<name>`.
    static func renderWithTestVariables(_ template: Template) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .reference(.variable(let name), _):
                text += name == "prefix" ? "uploads" : "<\(name)>"
            case .reference(.environment(let name, _), _):
                text += "<env.\(name)>"
            }
        }
        return text
    }
}
