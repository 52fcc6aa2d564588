import ConformLanguage
import Foundation

/// Facts and helpers shared by the commands.
enum Conform {
    static let version = "0.1.0"

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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

struct ValidateCommand {
    let options: CommandLineOptions

    func run() -> Int32 {
        let files: [String]
        do {
            files = try ScenarioFiles.expand(options.paths)
        } catch {
            Conform.printError("error: \(error.message)")
            return 2
        }
        guard let scenarios = Conform.loadAll(files) else {
            Conform.printError("validation failed: fix the problems above; nothing was run")
            return 2
        }
        // Environment variables are checked only against the env files given here; without any,
        // the run's environment is unknown.
        let environment = options.envFiles.isEmpty ? nil : Conform.environment(with: options.envFiles)
        if !options.envFiles.isEmpty, environment == nil { return 2 }
        guard Conform.preflight(scenarios, environment: environment, overrides: Set(options.variables.map(\.0))) else {
            Conform.printError("validation failed: fix the problems above; nothing was run")
            return 2
        }
        if !options.quiet {
            for scenario in scenarios {
                print("ok  \(scenario.file) (\(scenario.report), \(scenario.steps.count) steps)")
            }
        }
        print("\(scenarios.count) \(scenarios.count == 1 ? "scenario" : "scenarios") valid")
        return 0
    }
}

/// `conform plan`: the step graph of each scenario, as text or Graphviz DOT.
struct PlanCommand {
    let options: CommandLineOptions

    func run() -> Int32 {
        let files: [String]
        do {
            files = try ScenarioFiles.expand(options.paths)
        } catch {
            Conform.printError("error: \(error.message)")
            return 2
        }
        guard let scenarios = Conform.loadAll(files) else {
            Conform.printError("plan failed: fix the problems above")
            return 2
        }
        let plans = scenarios.map { options.format == "dot" ? ScenarioPlan($0).dot() : ScenarioPlan($0).text() }
        print(plans.joined(separator: "\n\n"))
        return 0
    }
}
