import ConformTestSupport
import Foundation
import Testing

/// Every shipped scenario against the healthy stack and against fault modes of the reference stack.
@Suite("Conformance matrix")
struct ConformanceMatrixTests {
    /// Cells that run at the same time. A cell spends most of its time waiting on scenario
    /// deadlines. But each cell also starts a stack, which costs about 4.5 CPU seconds (measured on
    /// a 2-core Linux machine), so more cells at a time would compete for the CPU while starting.
    static let parallelism = 3

    /// A comma-separated list of scenario names, such as `cancel_running,queue_full`, that limits the
    /// run to those rows. A partial run prints its table but does not write the docs page.
    static let rowFilterVariable = "CONFORM_MATRIX_SCENARIOS"

    @Test("the table covers every shipped scenario")
    func tableCoversScenarios() throws {
        let folder = Repository.root.appendingPathComponent("Scenarios")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        let shipped = Set(files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "Scenarios/" + $0 })
        let listed = Set(ConformanceMatrix.rows.map(\.scenario))
        #expect(shipped.subtracting(listed).isEmpty, "scenarios without a matrix row: \(shipped.subtracting(listed).sorted())")
        #expect(listed.subtracting(shipped).isEmpty, "matrix rows without a scenario file: \(listed.subtracting(shipped).sorted())")

        let columns = Set(StackCondition.all.map(\.name))
        for row in ConformanceMatrix.rows {
            let unknown = Set(row.expectations.keys).subtracting(columns)
            #expect(unknown.isEmpty, "\(row.name): unknown columns \(unknown.sorted())")
            if case .passes = row.expectations["healthy"] {} else {
                Issue.record("\(row.name): the healthy column must expect .passes")
            }
        }
    }

    @Test("scenarios catch the faults they target", .timeLimit(.minutes(15)))
    func scenariosCatchFaults() async throws {
        let executable = Repository.conformExecutable.path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "conform is not built at \(executable)")

        let filter = ProcessInfo.processInfo.environment[Self.rowFilterVariable].map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let rows = ConformanceMatrix.rows.filter { filter?.contains($0.name) ?? true }
        try #require(!rows.isEmpty, "\(Self.rowFilterVariable) matches no scenario")

        let started = Date()
        let results = await Self.run(Self.cells(of: rows))
        let document = MatrixDocument(
            rows: rows, results: results, date: started, seconds: Date().timeIntervalSince(started), parallelism: Self.parallelism)

        print("Conformance matrix, \(results.count) cells in \(Int(document.seconds.rounded())) s, run by \(executable):")
        print(document.table())
        print("Cells in the order they finished:")
        for result in results {
            let seconds = String(format: "%.1f", result.seconds)
            print("  \(result.cell.row.name) × \(result.cell.condition.name): \(result.summary) in \(seconds) s")
        }
        if filter == nil {
            let page = Repository.root.appendingPathComponent("docs/conformance-matrix.md")
            try FileManager.default.createDirectory(at: page.deletingLastPathComponent(), withIntermediateDirectories: true)
            try document.render().write(to: page, atomically: true, encoding: .utf8)
            print("Wrote \(page.path)")
        }

        let disagreements = results.filter { !$0.agrees }.map { result in
            "\(result.cell.row.name) × \(result.cell.condition.name): expected \(result.cell.expectation.expectedText), "
                + "got \(result.summary)\(result.message.map { ": \($0)" } ?? "") (files in \(result.folder.path))"
        }
        #expect(disagreements.isEmpty, "cells that differ from their expectation:\n\(disagreements.joined(separator: "\n"))")
    }

    /// Lists the cells to run, slowest first so that they overlap the many short ones. A stack that
    /// never finishes a job makes the scenario wait out a status deadline of up to 90 s.
    static func cells(of rows: [MatrixRow]) -> [MatrixCell] {
        var cells: [MatrixCell] = []
        for row in rows {
            for condition in StackCondition.all {
                guard let expectation = row.expectations[condition.name] else { continue }
                cells.append(MatrixCell(row: row, condition: condition, expectation: expectation))
            }
        }
        func rank(_ cell: MatrixCell) -> Int {
            if cell.condition.name == "never-finish", case .fails = cell.expectation { return 0 }
            if case .fails = cell.expectation { return 1 }
            return 2
        }
        return cells.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// Runs the cells on an operation queue, `parallelism` at a time, off the test's own thread
    /// because each cell blocks while its subprocesses run. Stacks are stopped outside those slots,
    /// and the results are returned once every stack has stopped.
    static func run(_ cells: [MatrixCell]) async -> [CellResult] {
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = parallelism
        let results = ResultList()
        let group = DispatchGroup()
        let stopStack = { (stack: ReferenceStack) in
            group.enter()
            DispatchQueue.global().async {
                stack.stop()
                group.leave()
            }
        }
        return await withCheckedContinuation { continuation in
            for cell in cells {
                group.enter()
                queue.addOperation {
                    results.append(CellRunner.run(cell, stop: stopStack))
                    group.leave()
                }
            }
            group.notify(queue: .global()) { continuation.resume(returning: results.all) }
        }
    }
}

/// The results that the worker threads collect.
private final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CellResult] = []

    func append(_ result: CellResult) {
        lock.withLock { results.append(result) }
    }

    var all: [CellResult] { lock.withLock { results } }
}

extension Expectation {
    /// The expectation with its message fragment, for the list of disagreeing cells.
    var expectedText: String {
        switch self {
        case .passes: return "pass"
        case .fails(let step, let message): return "FAIL at \(step) with \"\(message)\""
        }
    }
}
