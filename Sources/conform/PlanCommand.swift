import ConformLanguage
import Foundation

/// `conform plan`: the step graph of each scenario, as text or Graphviz DOT.
struct PlanCommand {
    let options: CommandLineOptions

    func run() -> Int32 {
        guard let scenarios = Conform.loadScenarios(options.paths, failure: "plan failed: fix the problems above") else {
            return 2
        }
        let plans = scenarios.map { options.format == "dot" ? ScenarioPlan($0).dot() : ScenarioPlan($0).text() }
        print(plans.joined(separator: "\n\n"))
        return 0
    }
}
