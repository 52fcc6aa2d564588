extension ScenarioBuilder {
    static let stepKinds = ["http", "s3_list", "s3_head", "s3_get", "s3_put", "s3_delete", "sleep", "webhook"]
    static let stepKeys = ["id", "after", "poll", "expect", "capture", "record", "always", "timeout"] + stepKinds

    func readSteps(_ node: YAMLNode) -> [Step] {
        guard let items = node.sequence else {
            diagnostics.append(.error("'steps' must be a list, found \(node.kindDescription)", at: node.location, hint: "write each step as '- id: …'"))
            return []
        }
        if items.isEmpty {
            diagnostics.append(.error("'steps' is empty", at: node.location, hint: "add at least one step"))
        }

        var steps: [Step] = []
        var seen: [String: SourceLocation] = [:]
        for (index, item) in items.enumerated() {
            guard let step = readStep(item, index: index) else { continue }
            if let earlier = seen[step.id] {
                diagnostics.append(
                    .error("duplicate step id '\(step.id)'", at: step.location, length: step.id.count,
                           hint: "first used at line \(earlier.line); step ids must be unique"))
                continue
            }
            seen[step.id] = step.location
            steps.append(step)
        }
        return steps
    }

    private func readStep(_ node: YAMLNode, index: Int) -> Step? {
        guard let reader = MappingReader(node, context: "a step", allowed: Self.stepKeys, into: &diagnostics) else { return nil }

        var id = "step_\(index + 1)"
        var idLocation = node.location
        if let idNode = reader["id"], let text = ScalarReader.string(idNode, key: "id", into: &diagnostics) {
            idLocation = idNode.textLocation
            if text.isEmpty || !text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                diagnostics.append(
                    .error("invalid step id '\(text)'", at: idNode.textLocation, length: max(1, text.count),
                           hint: "use letters, digits, '_' and '-'"))
            } else {
                id = text
            }
        }

        let kinds = reader.keys.filter { Self.stepKinds.contains($0) }
        guard kinds.count == 1, let kind = kinds.first, let actionNode = reader[kind] else {
            let misspelledKind = reader.unknownKeys.contains { Suggestion.nearest(to: $0, in: Self.stepKinds) != nil }
            if kinds.isEmpty, misspelledKind {
                // The unknown-key diagnostic already suggests the kind, so a second error adds nothing.
            } else if kinds.isEmpty {
                diagnostics.append(
                    .error("step '\(id)' has no action", at: node.location,
                           hint: "add one of: \(Self.stepKinds.joined(separator: ", "))"))
            } else {
                let second = reader.keyLocation(kinds[1]) ?? node.location
                diagnostics.append(
                    .error("step '\(id)' has more than one action: \(kinds.joined(separator: ", "))", at: second,
                           length: kinds[1].count, hint: "split it into one step per action"))
            }
            return nil
        }

        let action: StepAction?
        switch kind {
        case "http": action = readHTTP(actionNode).map(StepAction.http)
        case "s3_list": action = readS3List(actionNode).map(StepAction.s3List)
        case "s3_head": action = readS3Object(actionNode, kind: kind).map(StepAction.s3Head)
        case "s3_get": action = readS3Object(actionNode, kind: kind).map(StepAction.s3Get)
        case "s3_put": action = readS3Put(actionNode).map(StepAction.s3Put)
        case "s3_delete": action = readS3Object(actionNode, kind: kind).map(StepAction.s3Delete)
        case "webhook": action = readWebhookAction(actionNode).map(StepAction.webhook)
        default: action = ScalarReader.duration(actionNode, key: "sleep", into: &diagnostics).map(StepAction.sleep)
        }

        let after = reader["after"].flatMap { ScalarReader.strings($0, key: "after", into: &diagnostics) }?
            .map { StepReference(id: $0.0, location: $0.1) }
        let poll = reader["poll"].flatMap { readPoll($0, kind: kind) }
        let expectations = reader["expect"].map { readChecks($0, context: "'expect'", kind: kind) } ?? []
        let captures = reader["capture"].map(readCaptures) ?? []
        let records = reader["record"].map(readRecords) ?? []
        let always = reader["always"].flatMap { ScalarReader.bool($0, key: "always", into: &diagnostics) } ?? false
        let timeout = reader["timeout"].flatMap { ScalarReader.duration($0, key: "timeout", into: &diagnostics) }

        guard let action else { return nil }
        return Step(
            id: id, location: idLocation, action: action, after: after, poll: poll, expectations: expectations,
            captures: captures, records: records, always: always, timeout: timeout)
    }

    private func readS3List(_ node: YAMLNode) -> S3ListAction? {
        guard let reader = MappingReader(node, context: "'s3_list'", allowed: ["bucket", "prefix"], into: &diagnostics) else { return nil }
        guard let bucketNode = reader["bucket"] else {
            diagnostics.append(.error("missing 'bucket' in 's3_list'", at: node.location, hint: "add 'bucket: <name>'"))
            return nil
        }
        let bucket = ScalarReader.template(bucketNode, key: "bucket", into: &diagnostics)
        let prefix = reader["prefix"].flatMap { ScalarReader.template($0, key: "prefix", into: &diagnostics) } ?? Template(literal: "")
        return bucket.map { S3ListAction(bucket: $0, prefix: prefix, location: node.location) }
    }

    private func readPoll(_ node: YAMLNode, kind: String) -> Poll? {
        let allowed = ["every", "within", "during", "backoff", "until", "fail_if", "stop_when"]
        guard let reader = MappingReader(node, context: "'poll'", allowed: allowed, into: &diagnostics) else { return nil }

        let every = reader["every"].flatMap { ScalarReader.duration($0, key: "every", into: &diagnostics) } ?? 1
        let within = reader["within"].flatMap { ScalarReader.duration($0, key: "within", into: &diagnostics) }
        let during = reader["during"].flatMap { ScalarReader.duration($0, key: "during", into: &diagnostics) }
        let until = reader["until"].map { readChecks($0, context: "'until'", kind: kind) } ?? []
        let failIf = reader["fail_if"].map { readChecks($0, context: "'fail_if'", kind: kind) } ?? []

        var stopWhen: StepReference?
        if let stopNode = reader["stop_when"], let id = ScalarReader.string(stopNode, key: "stop_when", into: &diagnostics) {
            stopWhen = StepReference(id: id, location: stopNode.textLocation)
        }

        var backoff: Poll.Backoff?
        if let backoffNode = reader["backoff"] {
            if backoffNode.scalar != nil {
                backoff = ScalarReader.number(backoffNode, key: "backoff", into: &diagnostics).map { Poll.Backoff(factor: $0, maximum: nil) }
            } else if let backoffReader = MappingReader(backoffNode, context: "'backoff'", allowed: ["factor", "max"], into: &diagnostics) {
                let factor = backoffReader["factor"].flatMap { ScalarReader.number($0, key: "factor", into: &diagnostics) } ?? 2
                let maximum = backoffReader["max"].flatMap { ScalarReader.duration($0, key: "max", into: &diagnostics) }
                backoff = Poll.Backoff(factor: factor, maximum: maximum)
            }
            if let factor = backoff?.factor, factor < 1 {
                diagnostics.append(.error("backoff factor must be at least 1, found \(factor)", at: backoffNode.location))
            }
        }

        if let duringLocation = reader.keyLocation("during") {
            for conflict in ["within", "until", "stop_when"] where reader[conflict] != nil {
                diagnostics.append(
                    .error("'during' cannot be combined with '\(conflict)'", at: reader.keyLocation(conflict) ?? duringLocation,
                           length: conflict.count,
                           hint: "'during' watches for a fixed time and fails only on 'fail_if'; use 'within' and 'until' to wait for a condition"))
            }
            if failIf.isEmpty {
                diagnostics.append(
                    .error("'during' needs 'fail_if'", at: duringLocation, length: 6,
                           hint: "add 'fail_if:' with the condition that must never hold while watching"))
            }
        } else if until.isEmpty, let stopNode = reader["stop_when"] {
            diagnostics.append(
                .error("'stop_when' needs 'until'", at: stopNode.location,
                       hint: "an observer polls until a condition holds and fails if the watched step ends first; add 'until:'"))
        } else if until.isEmpty, stopWhen == nil {
            diagnostics.append(
                .error("'poll' needs 'until' or 'stop_when'", at: node.location,
                       hint: "add 'until:' with the condition that ends the poll"))
        }
        if reader["within"] == nil, stopWhen == nil, reader["during"] == nil {
            diagnostics.append(
                .error("'poll' needs a deadline", at: node.location,
                       hint: "add 'within: <duration>' (or 'stop_when: <step>' for an observer)"))
        }
        if every <= 0 {
            diagnostics.append(.error("'every' must be greater than zero", at: reader.keyLocation("every") ?? node.location))
        }
        return Poll(
            every: every, within: within, during: during, backoff: backoff, until: until, failIf: failIf, stopWhen: stopWhen,
            location: node.location)
    }

    private func readCaptures(_ node: YAMLNode) -> [Capture] {
        guard let reader = MappingReader(node, context: "'capture'", allowed: nil, into: &diagnostics) else { return [] }
        var captures: [Capture] = []
        for key in reader.keys {
            guard let entry = reader.entries[key] else { continue }
            guard Self.isValidName(key), !Observation.responseNames.contains(key), key != "env" else {
                diagnostics.append(
                    .error("invalid capture name '\(key)'", at: entry.key.textLocation, length: key.count,
                           hint: "names start with a letter or '_', contain letters, digits and '_', and are not response names"))
                continue
            }

            let source: Capture.Source
            if let text = entry.value.scalar {
                guard validateResponseName(text, at: entry.value.textLocation) else { continue }
                source = .name(text)
            } else {
                guard let fields = MappingReader(entry.value, context: "capture '\(key)'", allowed: ["regex", "from"], into: &diagnostics),
                    let patternNode = fields["regex"], let pattern = ScalarReader.string(patternNode, key: "regex", into: &diagnostics)
                else { continue }
                let subject = fields["from"].flatMap { ScalarReader.string($0, key: "from", into: &diagnostics) } ?? "body"
                guard RegexCheck.validate(pattern, at: patternNode.textLocation, into: &diagnostics),
                    validateResponseName(subject, at: fields["from"]?.textLocation ?? entry.value.location)
                else { continue }
                source = .regex(subject: subject, pattern: pattern)
            }
            captures.append(Capture(name: key, source: source, location: entry.key.location))
        }
        return captures
    }

    private func readRecords(_ node: YAMLNode) -> [Record] {
        guard let reader = MappingReader(node, context: "'record'", allowed: nil, into: &diagnostics) else { return [] }
        var records: [Record] = []
        for key in reader.keys {
            guard let entry = reader.entries[key], let value = ScalarReader.template(entry.value, key: key, into: &diagnostics)
            else { continue }
            records.append(Record(name: key, value: value, location: entry.key.location))
        }
        return records
    }

    func validateResponseName(_ name: String, at location: SourceLocation) -> Bool {
        let root = Template.rootName(name)
        guard Observation.responseNames.contains(root) else {
            let suggestion = Suggestion.nearest(to: root, in: Observation.responseNames.sorted())
            diagnostics.append(
                .error("unknown response value '\(name)'", at: location, length: name.count,
                       hint: suggestion.map { "did you mean '\($0)'?" } ?? "use status, json.<path>, header.<name>, body, count or keys"))
            return false
        }
        return true
    }
}
