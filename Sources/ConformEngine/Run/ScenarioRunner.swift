import ConformLanguage
import ConformTransport
import Foundation

/// Runs the step graph of one scenario: each step starts on its own thread as soon as every step it
/// waits for has finished, so independent branches run at the same time.
public struct ScenarioRunner {
    public let scenario: Scenario
    public let context: RunContext

    public init(scenario: Scenario, context: RunContext) {
        self.scenario = scenario
        self.context = context
    }

    /// Seconds that `always` steps get once the run is interrupted or the scenario timeout has passed.
    public static let teardownBoundAfterInterrupt = 5.0

    public func run() -> ScenarioResult {
        let started = Date()
        let startedAt = context.clock()
        let deadline = started.addingTimeInterval(scenario.timeout)
        context.events.scenarioStarted(scenario.report, file: scenario.file)

        // The receiver starts first, so `vars` can build on ${webhook_url}.
        let scope = VariableScope(environment: context.environment)
        let receiver: WebhookReceiver?
        do {
            receiver = try startReceiver(scope: scope)
            prepareScope(scope)
        } catch {
            return failedStart(started: started, startedAt: startedAt, reason: "could not start the webhook receiver: \(error)")
        }
        defer { receiver?.stop() }
        let state = RunState()
        let graph = StepGraph(scenario.steps)
        var pending = scenario.steps
        // Steps handed out so far, run or skipped; the run ends when all of them have finished.
        var dispatched = 0

        while !pending.isEmpty || state.results.count < dispatched {
            let finished = state.results
            let dispatchedBefore = dispatched
            var index = 0
            while index < pending.count {
                let step = pending[index]
                let predecessors = graph.predecessors[step.id] ?? []
                guard predecessors.allSatisfy({ finished[$0] != nil }) else {
                    index += 1
                    continue
                }
                pending.remove(at: index)
                dispatched += 1

                if let reason = skipReason(step, predecessors: predecessors, finished: finished, deadline: deadline) {
                    var skipped = StepResult(stepID: step.id, kind: step.action.kindName, location: step.location, status: .skipped, message: reason)
                    skipped.started = context.clock()
                    context.events.stepFinished(skipped, scenario: scenario.report)
                    state.finish(skipped)
                    continue
                }

                // After an interrupt, teardown steps still run, but under a short bound and with a
                // context that is not canceled, so their own requests are not stopped at once.
                var stepContext = context
                var stepDeadline = deadline
                if step.always, context.isCanceled() || Date() >= deadline {
                    stepContext.isCanceled = { false }
                    stepDeadline = Date().addingTimeInterval(ScenarioRunner.teardownBoundAfterInterrupt)
                }
                let runner = StepRunner(
                    step: step, scenario: scenario, scope: scope, state: state, context: stepContext, scenarioDeadline: stepDeadline,
                    receiver: receiver)
                let thread = Thread {
                    state.finish(runner.run())
                }
                thread.stackSize = 4 << 20
                thread.start()
            }
            if pending.isEmpty, state.results.count >= dispatched { break }
            // A skipped step finishes at once, so its dependents can be decided without waiting.
            if dispatched > dispatchedBefore, state.results.count > finished.count { continue }
            state.waitForChange(until: Date().addingTimeInterval(0.2))
        }

        let results = state.results
        return ScenarioResult(
            scenario: scenario, started: startedAt, duration: Date().timeIntervalSince(started),
            steps: scenario.steps.compactMap { results[$0.id] }, trace: [], interrupted: context.isCanceled(),
            s3Endpoint: scenario.s3.flatMap { try? scope.render($0.endpoint) },
            s3Region: scenario.s3.flatMap { try? scope.render($0.region) },
            webhookDeliveries: (receiver?.received ?? []).map(WebhookStepExecutor.describe))
    }

    /// Starts the scenario's receiver and sets `webhook_url`; nil when the scenario has none.
    private func startReceiver(scope: VariableScope) throws -> WebhookReceiver? {
        guard let settings = scenario.webhook else { return nil }
        let receiver = try WebhookReceiver(
            .init(
                bindAddress: settings.bindAddress, port: UInt16(settings.port), responseStatus: settings.responseStatus,
                maximumBodyBytes: settings.maximumBodyBytes, responseHeaders: settings.responseHeaders))
        scope.set(WebhookSettings.urlVariable, "http://\(settings.host ?? settings.bindAddress):\(receiver.port)")
        return receiver
    }

    /// A result in which every step errored because the scenario could not start.
    private func failedStart(started: Date, startedAt: Date, reason: String) -> ScenarioResult {
        let steps = scenario.steps.map { step in
            StepResult(stepID: step.id, kind: step.action.kindName, location: step.location, status: .errored, message: reason)
        }
        for step in steps { context.events.stepFinished(step, scenario: scenario.report) }
        return ScenarioResult(
            scenario: scenario, started: startedAt, duration: Date().timeIntervalSince(started), steps: steps, trace: [],
            interrupted: false)
    }

    private func skipReason(_ step: Step, predecessors: [String], finished: [String: StepResult], deadline: Date) -> String? {
        if context.isCanceled(), !step.always { return "not run: the run was interrupted" }
        if Date() >= deadline, !step.always {
            return "not run: the scenario timeout of \(DurationText.format(scenario.timeout)) passed"
        }
        guard !step.always else { return nil }
        for id in predecessors {
            guard let result = finished[id], result.status != .passed else { continue }
            return result.status == .skipped ? "skipped because '\(id)' was skipped" : "skipped because '\(id)' \(result.status.rawValue)"
        }
        return nil
    }

    /// Computes the scenario's variables in order and registers every secret value with the redactor.
    private func prepareScope(_ scope: VariableScope) {
        var referencedEnvironment: Set<String> = []
        for variable in scenario.variables {
            for (reference, _) in variable.value.references {
                if case .environment(let name, _) = reference { referencedEnvironment.insert(name) }
            }
            if let override = context.overrides[variable.name] {
                scope.set(variable.name, override)
            } else {
                do {
                    scope.set(variable.name, try scope.render(variable.value))
                } catch {
                    scope.setFailure(variable.name, error.description)
                    continue
                }
            }
            if variable.isSecret, let value = scope.value(variable.name) { context.redactor.add(value) }
        }
        for (name, value) in context.overrides where scope.value(name) == nil {
            scope.set(name, value)
            if Scenario.isSecretName(name) { context.redactor.add(value) }
        }
        for template in scenario.templates {
            for (reference, _) in template.references {
                if case .environment(let name, _) = reference { referencedEnvironment.insert(name) }
            }
        }
        for name in referencedEnvironment where Scenario.isSecretName(name) {
            if let value = context.environment[name] { context.redactor.add(value) }
        }
    }
}
