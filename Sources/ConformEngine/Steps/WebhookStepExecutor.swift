import ConformLanguage
import ConformTransport
import Foundation

/// Waits for requests to the scenario's webhook receiver that match the step, checks their count
/// and signatures, and observes the last one.
struct WebhookStepExecutor: StepExecutor {
    let action: WebhookAction
    let receiver: WebhookReceiver
    let scope: VariableScope
    /// The step's own start: a delivery from before it counts too, since a callback can beat the step.
    let isCanceled: @Sendable () -> Bool

    func attempt(deadline: Date) -> AttemptOutcome {
        let path: String?
        let secret: String?
        do {
            path = try action.path.map { try scope.render($0) }
            secret = try action.signature.map { try scope.render($0.secret) }
        } catch {
            return .transportError("\(error)")
        }

        let waitDeadline = min(deadline, Date().addingTimeInterval(action.within))
        var settleDeadline: Date?
        var selected: [WebhookDelivery] = []

        while true {
            let all = receiver.received
            selected = all.filter { matches($0, path: path) }
            let countHolds = countMatches(selected.count)

            if countHolds {
                guard limitsFromAbove else { break }
                // An exact count or a maximum can still be broken by a late duplicate, so keep
                // watching; `count: 0` watches for the whole window.
                let end = isZero ? waitDeadline : min(deadline, settleDeadline ?? Date().addingTimeInterval(action.settle))
                settleDeadline = end
                if Date() >= end { break }
                receiver.waitForDelivery(after: all.count, until: min(end, Date().addingTimeInterval(0.1)))
                continue
            }
            settleDeadline = nil
            if Date() >= waitDeadline || isCanceled() {
                return .failed(failureMessage(selected.count, total: all.count, deadline: waitDeadline), observation(selected))
            }
            receiver.waitForDelivery(after: all.count, until: min(waitDeadline, Date().addingTimeInterval(0.1)))
        }

        if let signature = action.signature, let secret {
            for (index, delivery) in selected.enumerated() {
                let scheme = WebhookStepExecutor.scheme(signature, scope: scope)
                if let problem = scheme.verify(delivery, secret: Array(secret.utf8), now: Date()) {
                    return .failed("delivery \(index + 1) of \(selected.count): \(problem)", observation(selected))
                }
            }
        }

        let observation = observation(selected)
        let summary = "\(selected.count) matching \(selected.count == 1 ? "delivery" : "deliveries") of \(receiver.received.count)"
        return .observed(observation, summary: summary, exchange: selected.last.map(WebhookStepExecutor.describe) ?? "", retryAfter: nil)
    }

    private var isZero: Bool {
        if case .equals(let template, _) = action.count { return template.source == "0" }
        return false
    }

    /// True when more deliveries could make the count fail.
    private var limitsFromAbove: Bool {
        switch action.count {
        case .equals, .maximum, .oneOf: return true
        case .all(let matchers): return matchers.contains { if case .maximum = $0 { true } else if case .equals = $0 { true } else { false } }
        default: return false
        }
    }

    private func countMatches(_ count: Int) -> Bool {
        let outcome = try? action.count.evaluate(.number(String(count))) { template throws in try scope.render(template) }
        return outcome?.passed ?? false
    }

    private func matches(_ delivery: WebhookDelivery, path: String?) -> Bool {
        if let path, delivery.path != path { return false }
        if let method = action.method, delivery.method != method { return false }
        let observation = Observation(headers: delivery.headers, body: delivery.body)
        for check in action.match {
            let actual = observation.value(named: check.subject)
            let outcome = try? check.matcher.evaluate(actual) { template throws in try scope.render(template) }
            if outcome?.passed != true { return false }
        }
        return true
    }

    private func observation(_ selected: [WebhookDelivery]) -> Observation {
        guard let last = selected.last else { return Observation(count: 0) }
        return Observation(headers: last.headers, body: last.body, count: selected.count)
    }

    private func failureMessage(_ count: Int, total: Int, deadline: Date) -> String {
        let expected = (try? action.count.evaluate(nil) { template throws in try scope.render(template) }.expected) ?? "\(action.count)"
        var message = "count: expected \(expected) within \(DurationText.format(action.within)), actual \(count) matching"
        message += total == count ? "" : " (\(total) requests reached the receiver in all)"
        return message
    }

    /// Turns the scenario's signature spec into the transport's scheme, rendering every template
    /// piece of the message except `${timestamp}` and `${body}`, which come from each delivery.
    static func scheme(_ spec: SignatureSpec, scope: VariableScope) -> WebhookSignature {
        var parts: [WebhookSignature.MessagePart] = []
        for part in spec.message.parts {
            switch part {
            case .literal(let text):
                parts.append(.text(text))
            case .reference(.variable("timestamp"), _):
                parts.append(.timestamp)
            case .reference(.variable("body"), _):
                parts.append(.body)
            case .reference:
                let single = Template(parts: [part], source: spec.message.source)
                parts.append(.text((try? scope.render(single)) ?? ""))
            }
        }
        return WebhookSignature(
            header: spec.header, separator: spec.separator, timestampKey: spec.timestampKey, signatureKey: spec.signatureKey,
            encoding: spec.encoding == .hex ? .hex : .base64, maximumSkew: spec.maximumSkew, message: parts)
    }

    static func describe(_ delivery: WebhookDelivery) -> String {
        var lines = ["> \(delivery.method) \(delivery.target) from \(delivery.peer)"]
        for header in delivery.headers { lines.append("> \(header.name): \(Excerpt.shown(header))") }
        let excerpt = Excerpt.of(delivery.body, limit: 500)
        if !excerpt.isEmpty { lines.append("> " + excerpt) }
        return lines.joined(separator: "\n")
    }
}
