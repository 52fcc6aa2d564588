import Foundation

extension ScenarioBuilder {
    static let matcherKeys = [
        "equals", "in", "matches", "glob", "contains", "exists", "absent", "min", "max", "type", "length", "all_match",
        "any_match", "none_match", "not",
    ]
    static let httpSubjects = ["status", "headers", "json", "body"]
    static let s3Subjects = ["count", "keys"]
    static let s3ObjectSubjects = ["exists", "size", "content_type", "etag", "last_modified", "metadata"]
    static let webhookSubjects = ["headers", "json", "body", "count"]

    /// Reads an `expect`, `until` or `fail_if` mapping into checks.
    func readChecks(_ node: YAMLNode, context: String, kind: String) -> [Check] {
        let allowed: [String]
        switch kind {
        case "http": allowed = Self.httpSubjects
        case "s3_list": allowed = Self.s3Subjects
        case "webhook": allowed = Self.webhookSubjects
        case "s3_head": allowed = Self.s3ObjectSubjects
        case "s3_get": allowed = Self.s3ObjectSubjects + ["body", "json"]
        case "s3_put": allowed = ["etag"]
        default:
            let hint = kind == "s3_delete"
                ? "S3 answers a DELETE the same whether or not the object existed; check with an s3_head step after it: 'expect: {exists: false}'"
                : "a \(kind) step has no response, so checks belong on a step that reads one, such as http or s3_get"
            // "an s3_delete step", because "s3" is read "ess three".
            let article = kind.hasPrefix("s3_") ? "an" : "a"
            diagnostics.append(.error("\(context) cannot be used in \(article) \(kind) step", at: node.location, hint: hint))
            return []
        }
        guard let reader = MappingReader(node, context: context, allowed: allowed, into: &diagnostics) else { return [] }

        var checks: [Check] = []
        for key in reader.keys {
            guard let value = reader[key] else { continue }
            switch key {
            case "headers":
                guard let headers = MappingReader(value, context: "'headers'", allowed: nil, into: &diagnostics) else { continue }
                for name in headers.keys {
                    guard let entry = headers.entries[name], let matcher = readMatcher(entry.value) else { continue }
                    checks.append(Check(subject: "header.\(name)", matcher: matcher, location: entry.key.location))
                }
            case "metadata":
                guard let metadata = MappingReader(value, context: "'metadata'", allowed: nil, into: &diagnostics) else { continue }
                for name in metadata.keys {
                    guard let entry = metadata.entries[name], let matcher = readMatcher(entry.value) else { continue }
                    checks.append(Check(subject: "metadata.\(name)", matcher: matcher, location: entry.key.location))
                }
            case "json":
                checks += readJSONChecks(value, prefix: "json")
            default:
                if let matcher = readMatcher(value) {
                    checks.append(Check(subject: key, matcher: matcher, location: reader.keyLocation(key) ?? value.location))
                }
            }
        }
        return checks
    }

    private func readJSONChecks(_ node: YAMLNode, prefix: String) -> [Check] {
        if prefix == "json", node.mapping == nil {
            return readMatcher(node).map { [Check(subject: "json", matcher: $0, location: node.location)] } ?? []
        }
        guard let reader = MappingReader(node, context: "'json'", allowed: nil, into: &diagnostics) else { return [] }
        var checks: [Check] = []
        for key in reader.keys {
            guard let entry = reader.entries[key] else { continue }
            let subject = key.hasPrefix("[") ? prefix + key : prefix + "." + key
            do {
                _ = try JSONPath(parsing: String(subject.dropFirst(5)))
            } catch {
                diagnostics.append(.error(error.message, at: entry.key.textLocation, length: key.count))
                continue
            }
            if let fields = entry.value.mapping, !fields.isEmpty,
                fields.allSatisfy({ !Self.matcherKeys.contains($0.key.scalar ?? "") })
            {
                // A nested mapping is a deeper path. A key one typo away from a matcher name is far more
                // likely a misspelled matcher, and reading it as a path would poll for a key that never comes.
                for field in fields {
                    guard let name = field.key.scalar, name.count >= 2,
                        let matcher = Suggestion.nearest(to: name, in: Self.matcherKeys), matcher != name,
                        Suggestion.editDistance(name, matcher) <= 1
                    else { continue }
                    diagnostics.append(
                        .error("unknown matcher '\(name)'", at: field.key.location, length: name.count,
                               hint: "did you mean '\(matcher)'? If '\(name)' is a JSON key, write the path as one key: '\(key).\(name)'"))
                }
                checks += readJSONChecks(entry.value, prefix: subject)
            } else if let matcher = readMatcher(entry.value) {
                checks.append(Check(subject: subject, matcher: matcher, location: entry.key.location))
            }
        }
        return checks
    }

    /// Reads a matcher: a scalar means equals, a list means deep equality, a mapping names matchers.
    func readMatcher(_ node: YAMLNode) -> Matcher? {
        switch node.content {
        case .scalar:
            return ScalarReader.template(node, key: "value", into: &diagnostics).map { .equals($0, plain: node.isPlainScalar) }
        case .sequence:
            return ScalarReader.jsonTemplate(node, key: "value", into: &diagnostics).map(Matcher.equalsJSON)
        case .mapping:
            break
        }

        guard let reader = MappingReader(node, context: "a matcher", allowed: Self.matcherKeys, into: &diagnostics) else { return nil }
        var matchers: [Matcher] = []
        for key in reader.keys {
            guard let value = reader[key] else { continue }
            if let matcher = readNamedMatcher(key, value) { matchers.append(matcher) }
        }
        if matchers.isEmpty, reader.keys.isEmpty, reader.unknownKeys.isEmpty {
            diagnostics.append(.error("empty matcher", at: node.location, hint: "write a value, or a matcher such as {min: 1}"))
        }
        return matchers.count == 1 ? matchers[0] : (matchers.isEmpty ? nil : .all(matchers))
    }

    private func readNamedMatcher(_ key: String, _ value: YAMLNode) -> Matcher? {
        switch key {
        case "equals":
            // A mapping here is the expected JSON object, not a set of matcher names.
            if value.mapping != nil {
                return ScalarReader.jsonTemplate(value, key: key, into: &diagnostics).map(Matcher.equalsJSON)
            }
            return readMatcher(value)
        case "in":
            guard let items = value.sequence else {
                diagnostics.append(.error("'in' needs a list of values", at: value.location, hint: "write 'in: [completed, failed]'"))
                return nil
            }
            return .oneOf(items.compactMap(readMatcher))
        case "matches":
            guard let pattern = ScalarReader.template(value, key: key, into: &diagnostics) else { return nil }
            if pattern.isLiteral, !RegexCheck.validate(pattern.source, at: value.textLocation, into: &diagnostics) { return nil }
            return .matches(pattern)
        case "glob":
            return ScalarReader.template(value, key: key, into: &diagnostics).map(Matcher.glob)
        case "contains":
            return ScalarReader.template(value, key: key, into: &diagnostics).map(Matcher.contains)
        case "exists", "absent":
            guard let flag = ScalarReader.bool(value, key: key, into: &diagnostics) else { return nil }
            return (key == "exists") == flag ? .exists : .absent
        case "min":
            return ScalarReader.number(value, key: key, into: &diagnostics).map(Matcher.minimum)
        case "max":
            return ScalarReader.number(value, key: key, into: &diagnostics).map(Matcher.maximum)
        case "type":
            guard let name = ScalarReader.string(value, key: key, into: &diagnostics) else { return nil }
            guard Matcher.typeNames.contains(name) else {
                let suggestion = Suggestion.nearest(to: name, in: Matcher.typeNames)
                diagnostics.append(
                    .error("unknown type '\(name)'", at: value.textLocation, length: name.count,
                           hint: suggestion.map { "did you mean '\($0)'?" } ?? "expected one of: \(Matcher.typeNames.joined(separator: ", "))"))
                return nil
            }
            return .type(name)
        case "length":
            return readMatcher(value).map(Matcher.length)
        case "all_match", "any_match", "none_match":
            guard let pattern = readPattern(value) else { return nil }
            switch key {
            case "all_match": return .allMatch(pattern)
            case "any_match": return .anyMatch(pattern)
            default: return .noneMatch(pattern)
            }
        case "not":
            return readMatcher(value).map(Matcher.not)
        default:
            return nil
        }
    }

    /// Reads the item pattern of `all_match` and friends: a string is a glob, `{regex: …}` a regular
    /// expression, any other mapping a matcher.
    private func readPattern(_ node: YAMLNode) -> Matcher? {
        if node.scalar != nil {
            return ScalarReader.template(node, key: "pattern", into: &diagnostics).map(Matcher.glob)
        }
        if let fields = node.mapping, fields.count == 1, fields[0].key.scalar == "regex" {
            guard let pattern = ScalarReader.template(fields[0].value, key: "regex", into: &diagnostics) else { return nil }
            if pattern.isLiteral, !RegexCheck.validate(pattern.source, at: fields[0].value.textLocation, into: &diagnostics) { return nil }
            return .matches(pattern)
        }
        return readMatcher(node)
    }
}

/// Compiles regular expressions at load time so a broken pattern is reported before anything runs.
enum RegexCheck {
    static func validate(_ pattern: String, at location: SourceLocation, into diagnostics: inout [Diagnostic]) -> Bool {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return true
        } catch {
            diagnostics.append(
                .error("invalid regular expression '\(pattern)'", at: location, length: max(1, pattern.count),
                       hint: "check brackets and escapes; the syntax is ICU's, as in NSRegularExpression"))
            return false
        }
    }
}
