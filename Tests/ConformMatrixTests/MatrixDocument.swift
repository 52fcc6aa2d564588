import Foundation

/// The matrix as markdown: scenario rows × stack condition columns, then the failure messages.
struct MatrixDocument {
    let rows: [MatrixRow]
    let results: [CellResult]
    let date: Date
    let seconds: Double
    let parallelism: Int

    /// Renders the table alone, for the console.
    func table() -> String {
        var lines = [
            "| scenario | " + StackCondition.all.map(\.name).joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " --- |", count: StackCondition.all.count),
        ]
        for row in rows {
            let cells = StackCondition.all.map { condition in cellText(row: row, condition: condition) }
            lines.append("| `\(row.name)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// Renders the whole page for `docs/conformance-matrix.md`.
    func render() -> String {
        let agreeing = results.filter(\.agrees).count
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"

        var lines = [
            "# Conformance matrix",
            "",
            "The outcomes of each shipped scenario in `Scenarios/` on the healthy reference stack and on the",
            "stack's fault modes, which `Fixtures/stack/README.md` describes. A suite that passes on a healthy",
            "stack is only worth something if it fails on a broken one, for the right reason, and stays quiet",
            "about faults it does not test.",
            "",
            "The `ConformMatrixTests` test writes this page on every run of `make test` (or",
            "`swift test --filter ConformMatrixTests`). Each cell started its own stack with the column's",
            "`--fault` option, ran `conform run <scenario>` as a subprocess and read the JUnit file and DEV",
            "report. The expected outcome of each cell, with a fragment of the expected failure message, is in",
            "`Tests/ConformMatrixTests/ConformanceMatrix.swift`.",
            "",
            "Produced on \(formatter.string(from: date)): \(results.count) cells, \(agreeing) as expected,",
            "in \(Int(seconds.rounded())) s with \(parallelism) cells at a time.",
            "",
            "`pass`: every step passed. `FAIL at <step>`: the first failed step (`ERROR at` when the step could",
            "not run). `—`: pair not run. A cell that differs from its expectation is in bold with the",
            "expectation beside it.",
            "",
            table(),
        ]

        let failing = results.filter { $0.message != nil }
        if !failing.isEmpty {
            lines += ["", "## Failure messages", ""]
            for row in rows {
                for condition in StackCondition.all {
                    guard let result = failing.first(where: { $0.cell.row.scenario == row.scenario && $0.cell.condition == condition }),
                        let message = result.message
                    else { continue }
                    lines.append("- `\(row.name)` × `\(condition.name)`, \(result.summary): \(Self.excerpt(message))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func cellText(row: MatrixRow, condition: StackCondition) -> String {
        guard let result = results.first(where: { $0.cell.row.scenario == row.scenario && $0.cell.condition == condition }) else {
            return "—"
        }
        if result.agrees { return result.summary }
        return "**\(result.summary)** (expected \(result.cell.expectation.text))"
    }

    /// Returns `message` as one line of at most 200 characters, without the backticks and pipes that
    /// would break the markdown.
    static func excerpt(_ message: String) -> String {
        let line = message.replacingOccurrences(of: "\n", with: "; ").replacingOccurrences(of: "|", with: "/")
            .replacingOccurrences(of: "`", with: "'")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
