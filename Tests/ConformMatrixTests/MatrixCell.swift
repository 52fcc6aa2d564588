import ConformTestSupport
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One scenario × stack condition pair and what the scenario must do there.
struct MatrixCell: Sendable {
    let row: MatrixRow
    let condition: StackCondition
    let expectation: Expectation
}

/// A step that failed or errored, with its whole message.
struct FailedStep: Sendable {
    let id: String
    let errored: Bool
    let message: String
}

/// What running one cell produced.
enum CellOutcome: Sendable {
    case passed
    /// The failed and errored steps in report order.
    case failed([FailedStep])
    /// The stack did not start, or conform exited with neither 0 nor 1, or wrote no result.
    case couldNotRun(String)
}

/// The outcome of one cell beside its expectation.
struct CellResult: Sendable {
    let cell: MatrixCell
    let outcome: CellOutcome
    let seconds: Double
    /// The folder with the cell's JUnit file, DEV report and console output, kept only when the
    /// cell disagrees.
    let folder: URL

    var agrees: Bool {
        switch (cell.expectation, outcome) {
        case (.passes, .passed):
            return true
        case (.fails(let step, let fragment), .failed(let steps)):
            guard let first = steps.first else { return false }
            return first.id == step && first.message.contains(fragment)
        default:
            return false
        }
    }

    /// The cell as the tables show it: `pass`, `FAIL at cleaned_up`, `ERROR at submit`.
    var summary: String {
        switch outcome {
        case .passed: return "pass"
        case .failed(let steps):
            guard let first = steps.first else { return "FAIL" }
            return "\(first.errored ? "ERROR" : "FAIL") at \(first.id)"
        case .couldNotRun: return "not run"
        }
    }

    /// The message of the first failing step, or why the cell could not run.
    var message: String? {
        switch outcome {
        case .passed: return nil
        case .failed(let steps): return steps.first?.message
        case .couldNotRun(let reason): return reason
        }
    }
}

/// Runs cells: each starts its own reference stack, runs one scenario with the conform executable
/// as a subprocess, and reads the JUnit file and the DEV report.
enum CellRunner {
    /// Runs `cell` and hands its stack to `stop` as soon as the scenario has run.
    ///
    /// Stopping a stack takes one to two seconds of waiting for its servers to exit, which the
    /// caller can spend on the next cell.
    static func run(_ cell: MatrixCell, stop: (ReferenceStack) -> Void) -> CellResult {
        let started = Date()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-matrix-\(UUID().uuidString)")
        let outcome = outcome(of: cell, in: folder, stop: stop)
        let result = CellResult(cell: cell, outcome: outcome, seconds: Date().timeIntervalSince(started), folder: folder)
        if result.agrees { try? FileManager.default.removeItem(at: folder) }
        return result
    }

    private static func outcome(of cell: MatrixCell, in folder: URL, stop: (ReferenceStack) -> Void) -> CellOutcome {
        let stack: ReferenceStack
        do {
            stack = try startStack(cell.row.startOptions + cell.condition.options)
        } catch {
            return .couldNotRun("the reference stack did not start: \(error)")
        }
        defer { stop(stack) }

        let junit = folder.appendingPathComponent("junit.xml")
        let reports = folder.appendingPathComponent("reports")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let arguments = [
            "run", cell.row.scenario, "--env-file", stack.envFile, "--junit", junit.path, "--report-dir", reports.path,
        ]
        let run: Subprocess.Output
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            run = try Subprocess.run(
                Repository.conformExecutable.path, arguments, environment: environment, directory: Repository.root)
        } catch {
            return .couldNotRun("could not run \(Repository.conformExecutable.path): \(error)")
        }
        try? (run.output + run.error).write(to: folder.appendingPathComponent("console.txt"), atomically: true, encoding: .utf8)

        switch run.status {
        case 0:
            return .passed
        case 1:
            let steps = failedSteps(junit: junit, reports: reports)
            return steps.isEmpty ? .couldNotRun("conform exited 1 but \(junit.path) names no failed step") : .failed(steps)
        default:
            let tail = (run.error.isEmpty ? run.output : run.error).suffix(600)
            return .couldNotRun("conform exited \(run.status): \(tail)")
        }
    }

    /// Starts a stack, with a second try after a failed start, so that one start that fails on a
    /// heavily loaded machine (for example at the 60 s start timeout) does not fail its cell.
    private static func startStack(_ options: [String]) throws -> ReferenceStack {
        do {
            return try ReferenceStack.start(options)
        } catch {
            Thread.sleep(forTimeInterval: 1)
            return try ReferenceStack.start(options)
        }
    }

    /// Reads the failed and errored steps from the JUnit file, each with its whole message from the
    /// DEV report's Result section, which keeps every line of it.
    static func failedSteps(junit: URL, reports: URL) -> [FailedStep] {
        guard let data = try? Data(contentsOf: junit), let document = try? XMLDocument(data: data, options: []),
            let nodes = try? document.nodes(forXPath: "//testcase[failure or error]")
        else { return [] }
        let resultLines = reportResultLines(in: reports)

        var steps: [FailedStep] = []
        for case let testcase as XMLElement in nodes {
            guard let id = testcase.attribute(forName: "name")?.stringValue else { continue }
            let failure = testcase.elements(forName: "failure").first
            let element = failure ?? testcase.elements(forName: "error").first
            let prefix = "- FAIL `\(id)`: "
            let reportMessage = resultLines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            let message = reportMessage ?? element?.attribute(forName: "message")?.stringValue ?? ""
            steps.append(FailedStep(id: id, errored: failure == nil, message: message))
        }
        return steps
    }

    /// Returns the lines of the Result section of the one DEV report in `folder`.
    private static func reportResultLines(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard let name = names.first(where: { $0.hasPrefix("DEV_") && $0.hasSuffix(".md") }),
            let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
            let section = text.components(separatedBy: "\n## Result\n").last
        else { return [] }
        return section.components(separatedBy: "\n")
    }
}
