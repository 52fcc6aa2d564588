/// Reads the keys of one YAML mapping, reporting unknown keys and wrong types as diagnostics.
struct MappingReader {
    let node: YAMLNode
    private(set) var entries: [String: YAMLNode.Entry] = [:]
    /// The keys in the order written.
    private(set) var keys: [String] = []
    /// Keys that were reported as unknown.
    private(set) var unknownKeys: [String] = []

    /// Reads `node` as a mapping whose keys must be among `allowed`; nil (with a diagnostic) when it is
    /// not a mapping.
    init?(_ node: YAMLNode, context: String, allowed: [String]?, into diagnostics: inout [Diagnostic]) {
        self.node = node
        guard let mapping = node.mapping else {
            diagnostics.append(
                .error("\(context) must be a mapping, found \(node.kindDescription)", at: node.textLocation,
                       length: node.scalar?.count ?? 1))
            return nil
        }
        for entry in mapping {
            guard let key = entry.key.scalar else {
                diagnostics.append(.error("keys in \(context) must be scalars, found \(entry.key.kindDescription)", at: entry.key.location))
                continue
            }
            if let allowed, !allowed.contains(key) {
                unknownKeys.append(key)
                let suggestion = Suggestion.nearest(to: key, in: allowed)
                diagnostics.append(
                    .error("unknown key '\(key)' in \(context)", at: entry.key.textLocation, length: key.count,
                           hint: suggestion.map { "did you mean '\($0)'?" }
                               ?? "expected one of: \(allowed.joined(separator: ", "))"))
                continue
            }
            entries[key] = entry
            keys.append(key)
        }
    }

    subscript(key: String) -> YAMLNode? { entries[key]?.value }

    func keyLocation(_ key: String) -> SourceLocation? { entries[key]?.key.location }
}

/// Readers of scalar values with messages that name the key and the expected form.
enum ScalarReader {
    static func string(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> String? {
        guard let text = node.scalar else {
            diagnostics.append(.error("'\(key)' must be a string, found \(node.kindDescription)", at: node.location))
            return nil
        }
        return text
    }

    static func template(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> Template? {
        guard let text = string(node, key: key, into: &diagnostics) else { return nil }
        let offsetsAreColumns = node.textMatchesSource
        do {
            var template = try Template(parsing: text)
            template.location = node.textLocation
            template.offsetsAreColumns = offsetsAreColumns
            return template
        } catch {
            var location = node.textLocation
            if offsetsAreColumns { location.column += error.offset }
            diagnostics.append(.error(error.message, at: location, length: offsetsAreColumns ? 2 : 1, hint: error.hint))
            return nil
        }
    }

    static func duration(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> Double? {
        guard let text = node.scalar, let seconds = DurationText.seconds(text) else {
            let shown = node.scalar.map { "'\($0)'" } ?? node.kindDescription
            diagnostics.append(
                .error("invalid duration \(shown) for '\(key)'", at: node.textLocation, length: node.scalar?.count ?? 1,
                       hint: "write a number and a unit: 250ms, 1s, 1.5s, 3m, 1h"))
            return nil
        }
        return seconds
    }

    static func bool(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> Bool? {
        guard node.isPlainScalar, let text = node.scalar, text == "true" || text == "false" else {
            let shown = node.scalar.map { "'\($0)'" } ?? node.kindDescription
            diagnostics.append(
                .error("'\(key)' must be true or false, found \(shown)", at: node.textLocation,
                       length: node.scalar?.count ?? 1, hint: "YAML 1.1 words such as yes/no/on/off are not booleans here"))
            return nil
        }
        return text == "true"
    }

    static func number(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> Double? {
        guard node.isPlainScalar, let text = node.scalar, JSONTemplate.isJSONNumber(text), let value = Double(text) else {
            let shown = node.scalar.map { "'\($0)'" } ?? node.kindDescription
            diagnostics.append(.error("'\(key)' must be a number, found \(shown)", at: node.textLocation, length: node.scalar?.count ?? 1))
            return nil
        }
        return value
    }

    /// Reads a string or a list of strings.
    static func strings(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> [(String, SourceLocation)]? {
        if let text = node.scalar { return [(text, node.textLocation)] }
        guard let items = node.sequence else {
            diagnostics.append(.error("'\(key)' must be a string or a list of strings", at: node.location))
            return nil
        }
        var result: [(String, SourceLocation)] = []
        for item in items {
            guard let text = string(item, key: key, into: &diagnostics) else { continue }
            result.append((text, item.textLocation))
        }
        return result
    }

    /// Converts YAML to a JSON template by the rule documented on `JSONTemplate`.
    static func jsonTemplate(_ node: YAMLNode, key: String, into diagnostics: inout [Diagnostic]) -> JSONTemplate? {
        switch node.content {
        case .scalar(let text, _):
            if node.isPlainScalar {
                if node.isNull { return .null }
                if text == "true" || text == "false" { return .bool(text == "true") }
                if JSONTemplate.isJSONNumber(text) { return .number(text) }
            }
            return template(node, key: key, into: &diagnostics).map { .string($0) }
        case .sequence(let items):
            return .array(items.compactMap { jsonTemplate($0, key: key, into: &diagnostics) })
        case .mapping(let entries):
            var members: [(String, JSONTemplate)] = []
            for entry in entries {
                guard let name = entry.key.scalar else {
                    diagnostics.append(.error("JSON object keys must be scalars", at: entry.key.location))
                    continue
                }
                if let value = jsonTemplate(entry.value, key: key, into: &diagnostics) { members.append((name, value)) }
            }
            return .object(members)
        }
    }
}
