/// The order of steps: each step's predecessors, by the rule "after the step above unless `after:`
/// says otherwise".
public struct StepGraph: Sendable {
    /// Predecessor ids of each step id.
    public let predecessors: [String: [String]]
    public let order: [String]

    public init(_ steps: [Step]) {
        var predecessors: [String: [String]] = [:]
        for (index, step) in steps.enumerated() {
            if let after = step.after {
                predecessors[step.id] = after.map(\.id)
            } else {
                predecessors[step.id] = index == 0 ? [] : [steps[index - 1].id]
            }
        }
        self.predecessors = predecessors
        self.order = steps.map(\.id)
    }

    /// Every step that must finish before `id` starts, directly or through others.
    public func ancestors(of id: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = predecessors[id] ?? []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            pending += predecessors[next] ?? []
        }
        return seen
    }

    /// The steps that wait directly for `id`.
    public func successors(of id: String) -> [String] {
        order.filter { predecessors[$0]?.contains(id) ?? false }
    }

    /// One cycle among the steps, in order, or nil when there is none.
    public var cycle: [String]? {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var path: [String] = []

        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1 {
                guard let start = path.firstIndex(of: id) else { return [id] }
                return Array(path[start...])
            }
            state[id] = 1
            path.append(id)
            for predecessor in predecessors[id] ?? [] {
                if let found = visit(predecessor) { return found }
            }
            path.removeLast()
            state[id] = 2
            return nil
        }

        for id in order {
            if let found = visit(id) { return found.reversed() }
        }
        return nil
    }
}
