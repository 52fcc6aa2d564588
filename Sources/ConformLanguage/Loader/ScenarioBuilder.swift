/// Turns the root YAML node of a scenario file into a `Scenario`, collecting every diagnostic.
final class ScenarioBuilder {
    static let topLevelKeys = ["report", "scope", "tags", "timeout", "vars", "s3", "webhook", "steps"]

    let file: String
    let source: String
    var diagnostics: [Diagnostic] = []

    init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    func build(_ root: YAMLNode) -> Scenario? {
        guard let reader = MappingReader(root, context: "the scenario", allowed: Self.topLevelKeys, into: &diagnostics)
        else { return nil }

        let report = readReport(reader)
        let scope = reader["scope"].flatMap { ScalarReader.strings($0, key: "scope", into: &diagnostics) }?.map(\.0) ?? []
        let tags = reader["tags"].flatMap { ScalarReader.strings($0, key: "tags", into: &diagnostics) }?.map(\.0) ?? []
        let timeout = reader["timeout"].flatMap { ScalarReader.duration($0, key: "timeout", into: &diagnostics) }
        let variables = reader["vars"].map(readVariables) ?? []
        let s3 = reader["s3"].flatMap(readS3)
        let webhook = reader["webhook"].flatMap(readWebhookSettings)

        var steps: [Step] = []
        if let stepsNode = reader["steps"] {
            steps = readSteps(stepsNode)
        } else if reader.unknownKeys.contains(where: { Suggestion.nearest(to: $0, in: Self.topLevelKeys) == "steps" }) {
            // The unknown-key diagnostic already suggests 'steps', and a second error would only repeat it.
        } else {
            diagnostics.append(
                .error("missing 'steps' in the scenario", at: root.location, hint: "add 'steps:' with a list of steps"))
        }

        let scenario = Scenario(
            file: file, source: source, report: report, scope: scope, tags: tags,
            timeout: timeout ?? Scenario.defaultTimeout, variables: variables, s3: s3, webhook: webhook, steps: steps)
        ScenarioValidator(scenario: scenario).validate(into: &diagnostics)
        return scenario
    }

    private func readReport(_ reader: MappingReader) -> String {
        guard let node = reader["report"], let text = ScalarReader.string(node, key: "report", into: &diagnostics) else {
            return Self.defaultReportName(for: file)
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            diagnostics.append(
                .error("invalid report name '\(text)'", at: node.textLocation, length: max(1, text.count),
                       hint: "use letters, digits, '_' and '-', such as DEDUP2D_S3_LIFECYCLE"))
            return Self.defaultReportName(for: file)
        }
        return text
    }

    /// The report name when none is written: the file name without extension, in upper case.
    static func defaultReportName(for file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return String(stem.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private func readVariables(_ node: YAMLNode) -> [Scenario.Variable] {
        guard let reader = MappingReader(node, context: "'vars'", allowed: nil, into: &diagnostics) else { return [] }
        var variables: [Scenario.Variable] = []
        for key in reader.keys {
            guard let entry = reader.entries[key] else { continue }
            if !Self.isValidName(key) {
                diagnostics.append(
                    .error("invalid variable name '\(key)'", at: entry.key.textLocation, length: key.count,
                           hint: "names start with a letter or '_' and contain letters, digits and '_'"))
                continue
            }
            if Observation.responseNames.contains(key) || key == "env" {
                diagnostics.append(
                    .error("'\(key)' is a reserved name", at: entry.key.textLocation, length: key.count,
                           hint: "'\(key)' names a part of a step's response or the environment; choose another name"))
                continue
            }

            var valueNode = entry.value
            var secret = Scenario.isSecretName(key)
            if let fields = valueNode.mapping {
                guard let valueReader = MappingReader(valueNode, context: "variable '\(key)'", allowed: ["value", "secret"], into: &diagnostics)
                else { continue }
                if let marked = valueReader["secret"].flatMap({ ScalarReader.bool($0, key: "secret", into: &diagnostics) }) {
                    secret = secret || marked
                }
                guard let inner = valueReader["value"] else {
                    let location = fields.first?.key.location ?? valueNode.location
                    diagnostics.append(.error("missing 'value' in variable '\(key)'", at: location))
                    continue
                }
                valueNode = inner
            }
            guard let template = ScalarReader.template(valueNode, key: key, into: &diagnostics) else { continue }
            variables.append(Scenario.Variable(name: key, value: template, isSecret: secret, location: entry.key.location))
        }
        return variables
    }

    private func readS3(_ node: YAMLNode) -> S3Settings? {
        let allowed = ["endpoint", "region", "access_key", "secret_key", "session_token", "addressing"]
        guard let reader = MappingReader(node, context: "'s3'", allowed: allowed, into: &diagnostics) else { return nil }

        func required(_ key: String) -> Template? {
            guard let value = reader[key] else {
                diagnostics.append(.error("missing '\(key)' in 's3'", at: node.location, hint: "add '\(key):'"))
                return nil
            }
            return ScalarReader.template(value, key: key, into: &diagnostics)
        }

        let endpoint = required("endpoint")
        let accessKey = required("access_key")
        let secretKey = required("secret_key")
        let region = reader["region"].flatMap { ScalarReader.template($0, key: "region", into: &diagnostics) }
        let token = reader["session_token"].flatMap { ScalarReader.template($0, key: "session_token", into: &diagnostics) }

        var addressing = S3Settings.Addressing.path
        if let addressingNode = reader["addressing"], let text = ScalarReader.string(addressingNode, key: "addressing", into: &diagnostics) {
            if let parsed = S3Settings.Addressing(rawValue: text) {
                addressing = parsed
            } else {
                diagnostics.append(
                    .error("invalid addressing '\(text)'", at: addressingNode.textLocation, length: text.count,
                           hint: "write 'path' (MinIO and most local servers) or 'virtual'"))
            }
        }

        guard let endpoint, let accessKey, let secretKey else { return nil }
        return S3Settings(
            endpoint: endpoint, region: region ?? Template(literal: "us-east-1"), accessKey: accessKey,
            secretKey: secretKey, sessionToken: token, addressing: addressing, location: node.location)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
