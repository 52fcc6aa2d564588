/// A column of the conformance matrix: the healthy reference stack or the stack with one fault mode.
struct StackCondition: Hashable, Sendable {
    /// The column title: `healthy`, or the fault as `--fault` takes it, such as `slow-cleanup=15`.
    let name: String
    /// The `stackctl.py start` options that select this condition.
    let options: [String]

    static let healthy = StackCondition(name: "healthy", options: [])

    static func fault(_ value: String) -> StackCondition {
        StackCondition(name: value, options: ["--fault", value])
    }

    /// Every column in table order: the healthy stack, then the 12 fault modes of the reference stack.
    static let all: [StackCondition] = [healthy] + [
        "keep-uploads", "leak-on-cancel", "wrong-key-layout", "extra-object", "fail-jobs", "never-finish",
        // 15 s is longer than every cleanup deadline in the shipped scenarios (10 s at most).
        "slow-cleanup=15",
        "flaky-status", "status-regress", "bad-callback-signature", "callback-missing", "queue-full-without-retry-after",
    ].map(fault)
}

/// What a scenario must do under one stack condition.
enum Expectation: Sendable {
    case passes
    /// The run fails at `step`, its first failing step, with a message that contains `message`.
    case fails(step: String, message: String)

    var text: String {
        switch self {
        case .passes: return "pass"
        case .fails(let step, _): return "FAIL at \(step)"
        }
    }
}

/// A row of the matrix: one scenario file and what it must do under each condition that is run.
struct MatrixRow: Sendable {
    /// The scenario file, relative to the repository root.
    let scenario: String
    /// `stackctl.py start` options the scenario needs in every column, before the column's own.
    let startOptions: [String]
    /// Expectations by column name. A column left out is not run for this scenario.
    let expectations: [String: Expectation]

    /// The file name without its folder and extension, as the tables show it.
    var name: String {
        let file = scenario.split(separator: "/").last.map(String.init) ?? scenario
        return file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file
    }
}
