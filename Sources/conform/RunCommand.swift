import ConformEngine
import ConformLanguage
import ConformReports
import Foundation

/// `conform run`: validate everything, run each scenario, write JUnit and DEV reports.
struct RunCommand {
    let options: CommandLineOptions
    let arguments: [String]

    func run() -> Int32 {
        // Options first: a mistyped option should not wait behind checks of the scenarios.
        guard let reportDate = resolveReportDate() else { return 2 }
        guard let environment = loadEnvironment() else { return 2 }
        let failure = "run aborted: fix the problems above; nothing was run"
        guard let scenarios = Conform.loadScenarios(options.paths, failure: failure) else { return 2 }
        guard Conform.preflight(scenarios, environment: environment, overrides: Set(options.variables.map(\.0))) else {
            Conform.printError(failure)
            return 2
        }

        let redactor = Redactor()
        let colors = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        let verbosity: ConsoleReporter.Verbosity = options.quiet ? .quiet : (options.verbose ? .verbose : .normal)
        let console = ConsoleReporter(verbosity: verbosity, colors: colors, redactor: redactor) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        let interrupt = InterruptFlag.install()

        let context = RunContext(
            environment: environment, overrides: Dictionary(options.variables, uniquingKeysWith: { $1 }),
            events: console, redactor: redactor, isCanceled: { interrupt.isSet })

        var results: [ScenarioResult] = []
        var notRun: [ScenarioResult] = []
        for scenario in scenarios {
            if interrupt.isSet {
                notRun.append(RunCommand.notRun(scenario))
                continue
            }
            var result = ScenarioRunner(scenario: scenario, context: context).run()
            result.trace = console.trace(of: scenario.report)
            results.append(result)
        }

        let reportPaths = writeReports(results, notRun: notRun, date: reportDate, redactor: redactor, console: console)
        printSummary(results + notRun, reportPaths: reportPaths, console: console)
        reportToGitHubActions(results + notRun, reportPaths: reportPaths ?? [], redactor: redactor)

        if interrupt.isSet { return 130 }
        if reportPaths == nil { return 1 }
        return results.allSatisfy(\.passed) ? 0 : 1
    }

    private func loadEnvironment() -> [String: String]? {
        Conform.environment(with: options.envFiles)
    }

    private func resolveReportDate() -> Date? {
        guard let text = options.reportDate else { return Date() }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard let date = formatter.date(from: text) else {
            Conform.printError("error: invalid --date '\(text)': write a real date as YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// Writes the JUnit file and one DEV report per scenario; nil when a write failed.
    private func writeReports(
        _ results: [ScenarioResult], notRun: [ScenarioResult], date: Date, redactor: Redactor, console: ConsoleReporter
    ) -> [String]? {
        var paths: [String] = []
        var failed = false
        if let junitPath = options.junitPath {
            let xml = JUnitReport(
                results: results + notRun, redactor: redactor, hostname: ProcessInfo.processInfo.hostName, version: Conform.version
            ).render()
            do {
                try AtomicFile.write(xml, to: junitPath)
                paths.append(junitPath)
            } catch {
                console.print("error: cannot write JUnit file '\(junitPath)': \(error.localizedDescription)")
                failed = true
            }
        }

        let commandLine = (["conform"] + arguments).map(RunCommand.shellQuote).joined(separator: " ")
        for result in results {
            let report = DevReport(result: result, commandLine: commandLine, date: date, redactor: redactor, version: Conform.version)
            let path = report.path(in: options.reportDirectory, overwrite: options.overwrite)
            do {
                try AtomicFile.write(report.render(), to: path)
                paths.append(path)
            } catch {
                console.print("error: cannot write report '\(path)': \(error.localizedDescription)")
                failed = true
            }
        }
        return failed ? nil : paths
    }

    private func printSummary(_ results: [ScenarioResult], reportPaths: [String]?, console: ConsoleReporter) {
        let steps = results.flatMap(\.steps)
        let passed = results.filter(\.passed).count
        console.print("")
        console.print(
            "Scenarios: \(passed) passed, \(results.count - passed) failed. Steps: "
                + "\(steps.filter { $0.status == .passed }.count) passed, \(steps.filter { $0.status == .failed }.count) failed, "
                + "\(steps.filter { $0.status == .errored }.count) errored, \(steps.filter { $0.status == .skipped }.count) skipped.")
        for path in reportPaths ?? [] { console.print("Wrote \(path)") }
    }

    /// A result for a scenario an interrupt kept from starting: every step skipped, so JUnit shows it.
    static func notRun(_ scenario: Scenario) -> ScenarioResult {
        let steps = scenario.steps.map { step in
            StepResult(stepID: step.id, kind: step.action.kindName, location: step.location, status: .skipped, message: "not run: the run was interrupted")
        }
        return ScenarioResult(scenario: scenario, started: Date(), duration: 0, steps: steps, trace: [], interrupted: true)
    }

    /// Under GitHub Actions, prints error annotations and appends the summary to the job summary.
    private func reportToGitHubActions(_ results: [ScenarioResult], reportPaths: [String], redactor: Redactor) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["GITHUB_ACTIONS"] == "true" else { return }
        let github = GitHubActions(results: results, redactor: redactor)
        for line in github.annotations() { print(line) }
        guard let summaryPath = environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty else { return }
        guard let handle = FileHandle(forWritingAtPath: summaryPath) else {
            Conform.printError("warning: cannot append to GITHUB_STEP_SUMMARY '\(summaryPath)'")
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        handle.write(Data(github.summary(reportPaths: reportPaths).utf8))
    }

    static func shellQuote(_ argument: String) -> String {
        let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@,+".contains($0) }
        return safe && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
