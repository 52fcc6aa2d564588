import ConformLanguage
import Foundation

/// `conform validate`: load and check scenarios without touching the network.
struct ValidateCommand {
    let options: CommandLineOptions

    func run() -> Int32 {
        let failure = "validation failed: fix the problems above; nothing was run"
        guard let scenarios = Conform.loadScenarios(options.paths, failure: failure) else { return 2 }

        // Environment variables are checked only against the env files given here; without any,
        // the run's environment is unknown.
        let environment = options.envFiles.isEmpty ? nil : Conform.environment(with: options.envFiles)
        if !options.envFiles.isEmpty, environment == nil { return 2 }
        guard Conform.preflight(scenarios, environment: environment, overrides: Set(options.variables.map(\.0))) else {
            Conform.printError(failure)
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
