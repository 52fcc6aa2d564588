import Foundation

/// The finished steps of a scenario and their results. Steps wait on it for changes.
final class RunState: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished: [String: StepResult] = [:]

    func finish(_ result: StepResult) {
        condition.lock()
        finished[result.stepID] = result
        condition.broadcast()
        condition.unlock()
    }

    func result(of id: String) -> StepResult? {
        condition.lock()
        defer { condition.unlock() }
        return finished[id]
    }

    func isFinished(_ id: String) -> Bool { result(of: id) != nil }

    var results: [String: StepResult] {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// Waits until a step finishes or `deadline` passes, whichever comes first.
    func waitForChange(until deadline: Date) {
        condition.lock()
        let count = finished.count
        while finished.count == count, Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        condition.unlock()
    }

    /// Wakes every waiter, for an interrupt.
    func wakeAll() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
