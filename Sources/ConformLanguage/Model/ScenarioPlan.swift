/// The step graph of a scenario as people read it: stages of steps that run at the same time, with
/// their waits and deadlines, as text or as Graphviz DOT.
public struct ScenarioPlan {
    public let scenario: Scenario
    let graph: StepGraph

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        self.graph = StepGraph(scenario.steps)
    }

    /// The stage of each step: 1 + the highest stage among its predecessors.
    var stages: [String: Int] {
        var stage: [String: Int] = [:]
        func compute(_ id: String, depth: Int) -> Int {
            if let known = stage[id] { return known }
            // A cycle is rejected by validation; the depth bound only keeps a bug from recursing forever.
            guard depth < scenario.steps.count + 1 else { return 1 }
            let value = 1 + (graph.predecessors[id] ?? []).map { compute($0, depth: depth + 1) }.max().orZero
            stage[id] = value
            return value
        }
        for step in scenario.steps { _ = compute(step.id, depth: 0) }
        return stage
    }

    public func text() -> String {
        var lines = ["\(scenario.report) (\(scenario.file)): \(scenario.steps.count) steps, scenario timeout \(DurationText.format(scenario.timeout))"]
        let stageOf = stages
        let width = scenario.steps.map(\.id.count).max() ?? 0
        for stage in Set(stageOf.values).sorted() {
            let steps = scenario.steps.filter { stageOf[$0.id] == stage }
            let parallel = steps.count > 1 ? "  (\(steps.count) steps in parallel)" : ""
            lines.append("stage \(stage)\(parallel)")
            for step in steps {
                let padded = step.id.padding(toLength: width, withPad: " ", startingAt: 0)
                var line = "  \(padded)  \(describe(step.action))"
                let waits = graph.predecessors[step.id] ?? []
                if !waits.isEmpty { line += "\n  \(String(repeating: " ", count: width))    after: \(waits.joined(separator: ", "))" }
                for detail in details(step) { line += "\n  \(String(repeating: " ", count: width))    \(detail)" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Graphviz DOT: solid edges for `after`, dashed edges from a `stop_when` step to its observer.
    public func dot() -> String {
        var lines = ["digraph \(JSONValue.quote(scenario.report)) {", "  rankdir=LR;", "  node [shape=box, fontname=\"monospace\"];"]
        for step in scenario.steps {
            let label = ([step.id, describe(step.action)] + details(step)).joined(separator: "\\n")
            let style = step.always ? ", style=dashed" : ""
            lines.append("  \(JSONValue.quote(step.id)) [label=\(dotQuote(label))\(style)];")
        }
        for step in scenario.steps {
            for predecessor in graph.predecessors[step.id] ?? [] {
                lines.append("  \(JSONValue.quote(predecessor)) -> \(JSONValue.quote(step.id));")
            }
            if let watched = step.poll?.stopWhen {
                lines.append("  \(JSONValue.quote(watched.id)) -> \(JSONValue.quote(step.id)) [style=dashed, label=\"stop_when\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func dotQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func describe(_ action: StepAction) -> String {
        switch action {
        case .http(let http): return "http \(http.method) \(http.url.source)"
        case .s3List(let list): return "s3_list \(list.bucket.source)/\(list.prefix.source)"
        case .s3Head(let object), .s3Get(let object), .s3Delete(let object):
            return "\(action.kindName) \(object.bucket.source)/\(object.key.source)"
        case .s3Put(let object): return "s3_put \(object.bucket.source)/\(object.key.source)"
        case .sleep(let seconds): return "sleep \(DurationText.format(seconds))"
        case .webhook(let webhook):
            return "webhook \(webhook.method ?? "any") \(webhook.path?.source ?? "any path") within \(DurationText.format(webhook.within))"
        }
    }

    private func details(_ step: Step) -> [String] {
        var details: [String] = []
        if let poll = step.poll {
            var text = "poll every \(DurationText.format(poll.every))"
            if let within = poll.within { text += ", within \(DurationText.format(within))" }
            if let during = poll.during { text += ", during \(DurationText.format(during))" }
            if let backoff = poll.backoff {
                text += ", backoff x\(Matcher.format(backoff.factor))" + (backoff.maximum.map { " up to \(DurationText.format($0))" } ?? "")
            }
            if let watched = poll.stopWhen { text += ", stops when '\(watched.id)' ends" }
            details.append(text)
        }
        if let timeout = step.timeout { details.append("step timeout \(DurationText.format(timeout))") }
        if step.always { details.append("always runs") }
        return details
    }
}

extension Optional where Wrapped == Int {
    fileprivate var orZero: Int { self ?? 0 }
}
