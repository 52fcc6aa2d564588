import ConformEngine
import ConformLanguage
import Foundation

/// Prints run progress: a line as each step starts and ends, poll progress, and keeps each
/// scenario's lines for JUnit's system-out.
public final class ConsoleReporter: RunEvents, @unchecked Sendable {
    public enum Verbosity: Sendable {
        case quiet
        case normal
        case verbose
    }

    private let lock = NSLock()
    private let verbosity: Verbosity
    private let colors: Bool
    private let redactor: Redactor
    private let write: @Sendable (String) -> Void
    private var traces: [String: [String]] = [:]
    private var lastProgress: [String: Date] = [:]

    /// Poll progress is printed at most this often per step, in seconds.
    static let progressInterval = 2.0

    public init(verbosity: Verbosity, colors: Bool, redactor: Redactor, write: @escaping @Sendable (String) -> Void) {
        self.verbosity = verbosity
        self.colors = colors
        self.redactor = redactor
        self.write = write
    }

    /// The lines printed for `scenario`, redacted.
    public func trace(of scenario: String) -> [String] {
        lock.withLock { traces[scenario] ?? [] }
    }

    public func scenarioStarted(_ scenario: String, file: String) {
        emit(scenario, "\(paint("==>", .bold)) \(scenario) (\(file))", level: .quiet)
    }

    public func stepStarted(_ step: String, scenario: String, summary: String) {
        emit(scenario, "  \(timestamp()) start \(step): \(summary)", level: .normal)
    }

    public func pollProgress(_ step: String, scenario: String, attempt: Int, elapsed: Double, last: String) {
        let key = scenario + "/" + step
        let now = Date()
        let due = lock.withLock { () -> Bool in
            if let previous = lastProgress[key], now.timeIntervalSince(previous) < ConsoleReporter.progressInterval {
                return false
            }
            lastProgress[key] = now
            return true
        }
        guard due || verbosity == .verbose else { return }
        emit(scenario, "  \(timestamp())   \(step): attempt \(attempt), \(DurationText.format(elapsed)) elapsed, last: \(last)", level: .normal)
    }

    public func stepFinished(_ result: StepResult, scenario: String) {
        let label: String
        switch result.status {
        case .passed: label = paint("pass ", .green)
        case .failed: label = paint("FAIL ", .red)
        case .errored: label = paint("ERROR", .red)
        case .skipped: label = paint("skip ", .yellow)
        }
        var line = "  \(timestamp()) \(label) \(result.stepID) (\(String(format: "%.3f", result.duration))s"
        if result.attempts.count > 1 { line += ", \(result.attempts.count) attempts" }
        line += ")"
        for record in result.records { line += " \(record.name)=\(record.value)" }
        let important = result.status == .failed || result.status == .errored
        emit(scenario, line, level: important ? .quiet : .normal)
        if let message = result.message, result.status != .passed {
            for text in message.split(separator: "\n") {
                emit(scenario, "        \(text)", level: important ? .quiet : .normal)
            }
            if important {
                emit(scenario, "        --> \(result.location)", level: .quiet)
            }
        }
        if verbosity == .verbose, let exchange = result.lastExchange {
            for text in exchange.split(separator: "\n") { emit(scenario, "        \(text)", level: .verbose) }
        }
    }

    /// Prints a line that belongs to no scenario, such as the final summary.
    public func print(_ line: String) {
        write(redactor.redact(line) + "\n")
    }

    private func emit(_ scenario: String, _ line: String, level: Verbosity) {
        let clean = redactor.redact(line)
        lock.withLock { traces[scenario, default: []].append(ConsoleReporter.stripColors(clean)) }
        guard ConsoleReporter.rank(verbosity) >= ConsoleReporter.rank(level) else { return }
        write(clean + "\n")
    }

    private static func rank(_ level: Verbosity) -> Int {
        switch level {
        case .quiet: return 0
        case .normal: return 1
        case .verbose: return 2
        }
    }

    private func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss.SSS"
        return formatter.string(from: Date())
    }

    enum Color: String {
        case red = "31"
        case green = "32"
        case yellow = "33"
        case bold = "1"
    }

    func paint(_ text: String, _ color: Color) -> String {
        colors ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    static func stripColors(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }
}
