/// Checks what no single key can: the step graph and that every template names something defined.
struct ScenarioValidator {
    let scenario: Scenario

    func validate(into diagnostics: inout [Diagnostic]) {
        let ids = scenario.steps.map(\.id)
        var graphIsSound = true

        if scenario.s3 == nil, let step = scenario.steps.first(where: { $0.action.kindName.hasPrefix("s3_") }) {
            diagnostics.append(
                .error("step '\(step.id)' uses S3, but the scenario has no 's3' settings", at: step.location, length: step.id.count,
                       hint: "add 's3:' with endpoint, region, access_key and secret_key"))
        }

        for step in scenario.steps {
            for reference in (step.after ?? []) + [step.poll?.stopWhen].compactMap({ $0 }) {
                if reference.id == step.id {
                    diagnostics.append(
                        .error("step '\(step.id)' refers to itself", at: reference.location, length: reference.id.count))
                    graphIsSound = false
                } else if !ids.contains(reference.id) {
                    let suggestion = Suggestion.nearest(to: reference.id, in: ids)
                    diagnostics.append(
                        .error("unknown step '\(reference.id)'", at: reference.location, length: max(1, reference.id.count),
                               hint: suggestion.map { "did you mean '\($0)'?" } ?? "known steps: \(ids.joined(separator: ", "))"))
                    graphIsSound = false
                }
            }
        }
        guard graphIsSound else {
            checkTemplates(ancestors: nil, into: &diagnostics)
            return
        }

        let graph = StepGraph(scenario.steps)
        if let cycle = graph.cycle {
            let first = scenario.steps.first { $0.id == cycle[0] }
            let path = (cycle + [cycle[0]]).joined(separator: " -> ")
            diagnostics.append(
                .error("the steps form a cycle: \(path)", at: first?.location, length: cycle[0].count,
                       hint: "remove one of these 'after' entries"))
            checkTemplates(ancestors: nil, into: &diagnostics)
            return
        }

        for step in scenario.steps {
            guard let watched = step.poll?.stopWhen else { continue }
            if graph.ancestors(of: watched.id).contains(step.id) {
                diagnostics.append(
                    .error("step '\(step.id)' stops when '\(watched.id)' ends, but '\(watched.id)' waits for '\(step.id)'",
                           at: watched.location, length: watched.id.count,
                           hint: "make '\(watched.id)' run beside this step with 'after:' naming an earlier step"))
            }
        }
        checkTemplates(ancestors: graph, into: &diagnostics)
    }

    /// Checks every `${name}`: variables are known everywhere, a capture only in steps that run after
    /// the step that captures it, and response names only in a step's own checks and records.
    private func checkTemplates(ancestors graph: StepGraph?, into diagnostics: inout [Diagnostic]) {
        var known: [String] = scenario.webhook == nil ? [] : [WebhookSettings.urlVariable]
        for (index, variable) in scenario.variables.enumerated() {
            let later = scenario.variables[(index + 1)...].map(\.name)
            check(variable.value, allowed: known, definedLater: later, into: &diagnostics)
            known.append(variable.name)
        }
        if let s3 = scenario.s3 {
            for template in [s3.endpoint, s3.region, s3.accessKey, s3.secretKey, s3.sessionToken].compactMap({ $0 }) {
                check(template, allowed: known, into: &diagnostics)
            }
        }

        var capturedBy: [String: String] = [:]
        for step in scenario.steps {
            for capture in step.captures where capturedBy[capture.name] == nil { capturedBy[capture.name] = step.id }
        }

        for step in scenario.steps {
            var visible = known
            if let graph {
                for ancestor in graph.ancestors(of: step.id) {
                    visible += scenario.steps.first { $0.id == ancestor }?.captures.map(\.name) ?? []
                }
            } else {
                visible += Array(capturedBy.keys)
            }
            let withResponse = visible + Array(Observation.responseNames)

            for template in step.action.templates {
                check(template, allowed: visible, capturedBy: capturedBy, step: step.id, into: &diagnostics)
            }
            if case .webhook(let action) = step.action, let signature = action.signature {
                let names = visible + Array(SignatureSpec.messageNames)
                check(signature.message, allowed: names, capturedBy: capturedBy, step: step.id, into: &diagnostics)
            }
            let checks = step.expectations + (step.poll?.until ?? []) + (step.poll?.failIf ?? [])
            for template in checks.flatMap(\.matcher.templates) {
                check(template, allowed: visible, capturedBy: capturedBy, step: step.id, into: &diagnostics)
            }
            // Captures are bound before records are written, so a record may use its own step's captures.
            let ownCaptures = step.captures.map(\.name)
            for record in step.records {
                check(record.value, allowed: withResponse + ownCaptures, capturedBy: capturedBy, step: step.id, into: &diagnostics)
            }
        }
    }

    private func check(
        _ template: Template, allowed: [String], definedLater: [String] = [], capturedBy: [String: String] = [:],
        step: String? = nil, into diagnostics: inout [Diagnostic]
    ) {
        for (reference, offset) in template.references {
            guard case .variable(let name) = reference else { continue }
            let root = Template.rootName(name)
            guard !allowed.contains(root) else { continue }

            let location = template.location(ofReferenceAt: offset)
            // Without a column for the reference itself, one caret marks the start of the value.
            let length = template.offsetsAreColumns ? name.count + 3 : 1
            if let step, let source = capturedBy[root], source != step {
                diagnostics.append(
                    .error("'\(root)' is captured by step '\(source)', which does not run before step '\(step)'",
                           at: location, length: length, hint: "add '\(source)' to this step's 'after'"))
            } else if let step, capturedBy[root] == step {
                diagnostics.append(
                    .error("'\(root)' is captured by this step and cannot be used in its own request", at: location,
                           length: length))
            } else if definedLater.contains(root) {
                diagnostics.append(
                    .error("variable '\(root)' is used before it is defined", at: location, length: length,
                           hint: "a variable can use only the variables above it, so move '\(root)' up in 'vars:'"))
            } else if Observation.responseNames.contains(root) {
                diagnostics.append(
                    .error("'${\(name)}' reads a step's response and is only available in 'record'", at: location,
                           length: length, hint: "capture it first: 'capture: {name: \(name)}', then use ${name}"))
            } else if root == WebhookSettings.urlVariable {
                diagnostics.append(
                    .error("undefined variable '\(root)'", at: location, length: length,
                           hint: "add a top-level 'webhook:' block; conform then starts a receiver and sets '\(root)'"))
            } else {
                let suggestion = Suggestion.nearest(to: root, in: allowed + Array(capturedBy.keys))
                diagnostics.append(
                    .error("undefined variable '\(root)'", at: location, length: length,
                           hint: suggestion.map { "did you mean '\($0)'?" } ?? "define it under 'vars:' or capture it in an earlier step"))
            }
        }
    }
}

extension StepAction {
    /// Every template of the request, for validation.
    public var templates: [Template] {
        switch self {
        case .http(let action):
            var result = [action.url] + action.headers.map(\.value) + action.query.map(\.value)
            if let caBundle = action.caBundle { result.append(caBundle) }
            switch action.body {
            case .json(let json): result += json.templates
            case .text(let text, let contentType): result += [text, contentType].compactMap { $0 }
            case .file(let path, let contentType): result += [path, contentType].compactMap { $0 }
            case .multipart(let fields):
                for field in fields {
                    switch field.value {
                    case .text(let text): result.append(text)
                    case .file(let path, let contentType, let filename): result += [path, contentType, filename].compactMap { $0 }
                    }
                }
            case nil: break
            }
            return result
        case .s3List(let action):
            return [action.bucket, action.prefix]
        case .s3Head(let action), .s3Get(let action), .s3Delete(let action):
            return [action.bucket, action.key]
        case .s3Put(let action):
            var result = [action.bucket, action.key] + [action.contentType].compactMap { $0 } + action.metadata.map(\.value)
            switch action.body {
            case .text(let text): result.append(text)
            case .file(let path): result.append(path)
            }
            return result
        case .sleep:
            return []
        case .webhook(let action):
            var result = [action.path].compactMap { $0 } + action.match.flatMap(\.matcher.templates)
            result += action.count.templates
            if let signature = action.signature { result.append(signature.secret) }
            return result
        }
    }
}
