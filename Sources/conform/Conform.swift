import ConformLanguage
import Foundation

/// Facts and helpers shared by the commands.
enum Conform {
    static let version = "0.1.0"

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Expands `paths` and loads every file; nil after printing what was wrong and `failure`.
    static func loadScenarios(_ paths: [String], failure: String) -> [Scenario]? {
        let files: [String]
        do {
            files = try ScenarioFiles.expand(paths)
        } catch {
            printError("error: \(error.message)")
            return nil
        }
        guard let scenarios = loadAll(files) else {
            printError(failure)
            return nil
        }
        return scenarios
    }

    /// Loads every file; returns the scenarios, or nil after printing every diagnostic of every file.
    static func loadAll(_ files: [String]) -> [Scenario]? {
        var scenarios: [Scenario] = []
        var failed = false
        for file in files {
            do {
                scenarios.append(try ScenarioLoader.load(path: file))
            } catch {
                failed = true
                let source = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                let renderer = DiagnosticRenderer(sources: [file: source])
                printError(renderer.render(error.diagnostics) + "\n")
                let count = error.diagnostics.count
                printError("\(file): \(count) \(count == 1 ? "problem" : "problems")\n")
            }
        }
        return failed ? nil : scenarios
    }

    /// Runs the environment and file checks; prints every problem and returns false when any was found.
    static func preflight(_ scenarios: [Scenario], environment: [String: String]?, overrides: Set<String>) -> Bool {
        var passed = true
        for scenario in scenarios {
            let diagnostics = ScenarioPreflight.check(scenario, environment: environment, overrides: overrides)
            guard !diagnostics.isEmpty else { continue }
            passed = false
            printError(DiagnosticRenderer(sources: [scenario.file: scenario.source]).render(diagnostics) + "\n")
            printError("\(scenario.file): \(diagnostics.count) \(diagnostics.count == 1 ? "problem" : "problems")\n")
        }
        return passed
    }

    /// The process environment, then each env file in order, later ones winning; nil after printing
    /// the problem when a file cannot be read or parsed.
    static func environment(with envFiles: [String]) -> [String: String]? {
        var environment = ProcessInfo.processInfo.environment
        for file in envFiles {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("error: cannot read env file '\(file)'; check the path")
                return nil
            }
            do {
                for (name, value) in try EnvFile.parse(text, file: file) { environment[name] = value }
            } catch {
                printError(DiagnosticRenderer(sources: [file: text]).render(error.diagnostics))
                return nil
            }
        }
        return environment
    }
}
