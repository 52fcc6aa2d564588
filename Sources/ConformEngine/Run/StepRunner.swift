import ConformLanguage
import ConformTransport
import Foundation

/// Runs one step: renders its request, makes one attempt or polls, then checks, captures and records.
struct StepRunner {
    let step: Step
    let scenario: Scenario
    let scope: VariableScope
    let state: RunState
    let context: RunContext
    /// The scenario's deadline; the step's own deadlines can only be earlier.
    let scenarioDeadline: Date
    /// The scenario's webhook receiver, when it has one.
    let receiver: WebhookReceiver?

    func run() -> StepResult {
        let started = Date()
        var result = StepResult(stepID: step.id, kind: step.action.kindName, location: step.location, status: .passed)
        result.started = context.clock()
        defer { context.events.stepFinished(result, scenario: scenario.report) }

        var deadline = scenarioDeadline
        if let timeout = step.timeout { deadline = min(deadline, started.addingTimeInterval(timeout)) }
        if let within = step.poll?.within { deadline = min(deadline, started.addingTimeInterval(within)) }
        if let during = step.poll?.during { deadline = min(deadline, started.addingTimeInterval(during)) }

        let executor: StepExecutor
        do {
            executor = try StepExecutorFactory.make(
                for: step, scenario: scenario, scope: scope, context: context, receiver: receiver)
        } catch {
            result.status = .errored
            result.message = "could not prepare the request: \(error)"
            return result
        }
        result.target = summary()
        context.events.stepStarted(step.id, scenario: scenario.report, summary: result.target ?? "")

        let final: Observation?
        if let poll = step.poll {
            var lastSeen: Observation?
            final = runPoll(poll, executor: executor, deadline: deadline, started: started, result: &result, lastSeen: &lastSeen)
            // A failed poll still records what it saw last, so the report keeps `after_objects=1`
            // beside the failure instead of dropping the line.
            if final == nil, result.status == .failed, let lastSeen {
                let status = result.status
                let message = result.message
                record(from: lastSeen, into: &result)
                result.status = status
                result.message = message
            }
        } else {
            final = runOnce(executor: executor, deadline: deadline, started: started, result: &result)
        }
        result.duration = Date().timeIntervalSince(started)
        guard let observation = final, result.status == .passed else { return result }

        evaluate(step.expectations, on: observation, into: &result)
        if result.status == .passed {
            capture(from: observation, into: &result)
            record(from: observation, into: &result)
        } else {
            // The expectation's message is the reason the step failed; a record that cannot be
            // read from the same wrong response must not replace it.
            let message = result.message
            record(from: observation, into: &result)
            result.status = .failed
            result.message = message
        }
        result.duration = Date().timeIntervalSince(started)
        return result
    }

    private func summary() -> String {
        switch step.action {
        case .http(let action): return "\(action.method) \((try? scope.render(action.url)) ?? action.url.source)"
        case .s3List(let action):
            let bucket = (try? scope.render(action.bucket)) ?? action.bucket.source
            let prefix = (try? scope.render(action.prefix)) ?? action.prefix.source
            return "s3_list s3://\(bucket)/\(prefix)"
        case .s3Head(let action), .s3Get(let action), .s3Delete(let action):
            return "\(step.action.kindName) \(objectLocation(action.bucket, action.key))"
        case .s3Put(let action):
            return "s3_put \(objectLocation(action.bucket, action.key))"
        case .sleep(let seconds): return "sleep \(DurationText.format(seconds))"
        case .webhook(let action):
            let path = action.path.map { (try? scope.render($0)) ?? $0.source } ?? "any path"
            return "webhook \(action.method ?? "any method") \(path) within \(DurationText.format(action.within))"
        }
    }

    /// `s3://bucket/key`, rendered where the templates can be.
    private func objectLocation(_ bucket: Template, _ key: Template) -> String {
        "s3://\((try? scope.render(bucket)) ?? bucket.source)/\((try? scope.render(key)) ?? key.source)"
    }

    private func runOnce(executor: StepExecutor, deadline: Date, started: Date, result: inout StepResult) -> Observation? {
        let outcome = executor.attempt(deadline: deadline)
        let attempt = makeAttempt(1, outcome, started: started, attemptStart: started)
        result.attempts.append(attempt)
        if context.isCanceled() {
            result.status = .skipped
            result.message = "interrupted while running"
            return nil
        }
        switch outcome {
        case .transportError(let message):
            result.status = .errored
            result.message = message
            return nil
        case .failed(let message, _):
            result.status = .failed
            result.message = message
            return nil
        case .observed(let observation, _, let exchange, _):
            result.lastExchange = exchange
            return observation
        }
    }

    private func makeAttempt(_ number: Int, _ outcome: AttemptOutcome, started: Date, attemptStart: Date) -> Attempt {
        let now = Date()
        switch outcome {
        case .observed(_, let summary, _, _):
            return Attempt(
                number: number, offset: attemptStart.timeIntervalSince(started), duration: now.timeIntervalSince(attemptStart),
                outcome: summary, isTransportError: false)
        case .failed(let message, _):
            return Attempt(
                number: number, offset: attemptStart.timeIntervalSince(started), duration: now.timeIntervalSince(attemptStart),
                outcome: message, isTransportError: false)
        case .transportError(let message):
            return Attempt(
                number: number, offset: attemptStart.timeIntervalSince(started), duration: now.timeIntervalSince(attemptStart),
                outcome: message, isTransportError: true)
        }
    }

    /// Polls until `until` holds, `fail_if` holds, the watched step ends, or the deadline passes.
    private func runPoll(
        _ poll: Poll, executor: StepExecutor, deadline: Date, started: Date, result: inout StepResult,
        lastSeen: inout Observation?
    ) -> Observation?
    {
        var interval = poll.every
        var lastSummary = "no attempt completed"
        var unmet = ""
        var number = 0

        while true {
            if context.isCanceled() {
                result.status = .skipped
                result.message = "interrupted after \(number) \(number == 1 ? "attempt" : "attempts")"
                return nil
            }
            // Read before the attempt, so an object that appeared just before the watched step ended
            // still gets one last chance to be seen.
            let watchedEnded = poll.stopWhen.map { state.isFinished($0.id) } ?? false

            number += 1
            let attemptStart = Date()
            let outcome = executor.attempt(deadline: deadline)
            result.attempts.append(makeAttempt(number, outcome, started: started, attemptStart: attemptStart))
            var retryAfter: Double?

            switch outcome {
            case .transportError(let message):
                result.transportErrors += 1
                lastSummary = "transport error: \(message)"
            case .failed(let message, _):
                result.status = .failed
                result.message = message
                return nil
            case .observed(let observation, let summary, let exchange, let delay):
                lastSeen = observation
                lastSummary = summary
                result.lastExchange = exchange
                retryAfter = delay

                let failed = evaluateQuietly(poll.failIf, on: observation)
                if let held = failed.first(where: { $0.passed }) {
                    result.status = .failed
                    result.checks += failed.filter(\.passed)
                    result.message = "fail_if held on attempt \(number): \(held.subject) \(held.expected) (actual \(held.actual))"
                    return nil
                }
                let until = evaluateQuietly(poll.until, on: observation)
                if until.allSatisfy(\.passed), !poll.until.isEmpty {
                    result.checks += until
                    return observation
                }
                unmet = until.filter { !$0.passed }.map { "\($0.subject) \($0.expected), actual \($0.actual)" }
                    .joined(separator: "; ")
            }
            context.events.pollProgress(
                step.id, scenario: scenario.report, attempt: number, elapsed: Date().timeIntervalSince(started),
                last: lastSummary)

            let elapsed = DurationText.format(Date().timeIntervalSince(started))
            if watchedEnded, let watched = poll.stopWhen {
                result.status = .failed
                result.message =
                    "step '\(watched.id)' ended before 'until' held"
                    + (unmet.isEmpty ? "" : " (\(unmet))") + ": \(number) attempts in \(elapsed); last: \(lastSummary)"
                return nil
            }

            var next = attemptStart.addingTimeInterval(interval)
            if let retryAfter { next = max(next, Date().addingTimeInterval(retryAfter)) }
            if let backoff = poll.backoff {
                interval *= backoff.factor
                if let maximum = backoff.maximum { interval = min(interval, maximum) }
            }
            if next >= deadline, let during = poll.during {
                // The watch window ended without fail_if holding: the poll passed.
                if let lastSeen {
                    result.checks += poll.failIf.map { check in
                        CheckResult(subject: check.subject, expected: "'fail_if' never held in \(number) attempts over \(DurationText.format(during))",
                                    actual: "-", passed: true, location: check.location)
                    }
                    return lastSeen
                }
                result.status = .failed
                result.message = "no attempt completed during \(DurationText.format(during)); last: \(lastSummary)"
                return nil
            }
            if next >= deadline {
                result.status = .failed
                let bound = poll.within.map { "within \(DurationText.format($0))" } ?? "before the deadline"
                result.message =
                    "'until' did not hold \(bound)" + (unmet.isEmpty ? "" : " (\(unmet))")
                    + ": \(number) attempts in \(elapsed)"
                    + (result.transportErrors > 0 ? " (\(result.transportErrors) transport errors)" : "")
                    + "; last: \(lastSummary)"
                return nil
            }
            waitUntil(next, watching: poll.stopWhen?.id)
        }
    }

    /// Sleeps until `time`, waking early when the watched step ends or the run is canceled.
    private func waitUntil(_ time: Date, watching watched: String?) {
        while Date() < time, !context.isCanceled() {
            if let watched, state.isFinished(watched) { return }
            if watched != nil {
                state.waitForChange(until: min(time, Date().addingTimeInterval(0.1)))
            } else {
                Thread.sleep(forTimeInterval: min(0.05, max(0, time.timeIntervalSinceNow)))
            }
        }
    }

    private func evaluateQuietly(_ checks: [Check], on observation: Observation) -> [CheckResult] {
        checks.map { check in evaluate(check, on: observation) }
    }

    private func evaluate(_ check: Check, on observation: Observation) -> CheckResult {
        let actual = observation.value(named: check.subject)
        let shown = actual.map { Excerpt.of(Array($0.compactJSON.utf8), limit: 200) } ?? "absent"
        do {
            let outcome = try check.matcher.evaluate(actual) { template throws in try scope.render(template) }
            return CheckResult(subject: check.subject, expected: outcome.expected, actual: shown, passed: outcome.passed, location: check.location)
        } catch {
            return CheckResult(subject: check.subject, expected: "(\(error))", actual: shown, passed: false, location: check.location)
        }
    }

    private func evaluate(_ checks: [Check], on observation: Observation, into result: inout StepResult) {
        let outcomes = checks.map { evaluate($0, on: observation) }
        result.checks += outcomes
        let failures = outcomes.filter { !$0.passed }
        guard !failures.isEmpty else { return }
        result.status = .failed
        result.message = failures.map { "\($0.subject): expected \($0.expected), actual \($0.actual)" }.joined(separator: "\n")
        if let keys = observation.keys, failures.contains(where: { $0.subject.hasPrefix("keys") || $0.subject == "count" }) {
            result.message = (result.message ?? "") + "\nkeys: \(S3ListStepExecutor.describe(keys))"
        }
    }

    private func capture(from observation: Observation, into result: inout StepResult) {
        for capture in step.captures {
            switch capture.source {
            case .name(let name):
                guard let value = observation.value(named: name) else {
                    result.status = .failed
                    result.message = "capture '\(capture.name)': '\(name)' is not in the response"
                    return
                }
                scope.set(capture.name, value.text)
            case .regex(let subject, let pattern):
                guard let text = observation.value(named: subject)?.text,
                    let regex = try? NSRegularExpression(pattern: pattern),
                    let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                else {
                    result.status = .failed
                    result.message = "capture '\(capture.name)': /\(pattern)/ does not match \(subject)"
                    return
                }
                let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                guard let range = Range(group, in: text) else { continue }
                scope.set(capture.name, String(text[range]))
            }
        }
    }

    private func record(from observation: Observation, into result: inout StepResult) {
        for record in step.records {
            do {
                let value = try scope.render(record.value, observation: observation)
                var context: String?
                if let keys = observation.keys, !keys.isEmpty {
                    let sample = keys.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
                    context = "key sample: \(sample)"
                }
                result.records.append(RecordedValue(name: record.name, value: value, context: context))
            } catch {
                result.status = .failed
                result.message = "record '\(record.name)': \(error)"
            }
        }
    }
}
