import Foundation

/// Checks that need the outside world but no network: environment variables and local files.
///
/// The loader stays free of these so a scenario can be parsed anywhere; `conform run` applies them
/// before anything runs, and `conform validate` when it is given the same `--env-file`.
public enum ScenarioPreflight {
    /// Reports `${env.NAME}` references without a default whose variable is not set, and literal
    /// file paths (multipart parts, request bodies, `s3_put` files) that do not exist.
    ///
    /// Variables overridden by `--var` are skipped, because their templates are never rendered.
    public static func check(
        _ scenario: Scenario, environment: [String: String]?, overrides: Set<String> = []
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let environment {
            var templates = scenario.variables.filter { !overrides.contains($0.name) }.map(\.value)
            templates += scenario.templates.filter { template in !scenario.variables.contains { $0.value == template } }
            var reported: Set<String> = []
            for template in templates {
                for (reference, offset) in template.references {
                    guard case .environment(let name, nil) = reference, environment[name] == nil,
                        reported.insert(name).inserted
                    else { continue }
                    let suggestion = Suggestion.nearest(to: name, in: environment.keys.sorted())
                    diagnostics.append(
                        .error("environment variable '\(name)' is not set", at: template.location(ofReferenceAt: offset),
                               length: template.offsetsAreColumns ? name.count + 7 : 1,
                               hint: suggestion.map { "did you mean '\($0)'?" }
                                   ?? "export it, add it to the --env-file, or write ${env.\(name):-default}"))
                }
            }
        }

        let folder = URL(fileURLWithPath: scenario.file).deletingLastPathComponent()
        for template in filePaths(scenario) where template.isLiteral {
            let path = template.source.hasPrefix("/") ? template.source : folder.appendingPathComponent(template.source).path
            guard !FileManager.default.fileExists(atPath: path) else { continue }
            diagnostics.append(
                .error("file not found: '\(template.source)'", at: template.location, length: max(1, template.source.count),
                       hint: "paths are relative to the scenario file's folder (\(folder.path))"))
        }
        return diagnostics
    }

    private static func filePaths(_ scenario: Scenario) -> [Template] {
        var paths: [Template] = []
        for step in scenario.steps {
            switch step.action {
            case .http(let action):
                switch action.body {
                case .file(let path, _): paths.append(path)
                case .multipart(let fields):
                    for field in fields {
                        if case .file(let path, _, _) = field.value { paths.append(path) }
                    }
                default: break
                }
            case .s3Put(let action):
                if case .file(let path) = action.body { paths.append(path) }
            default:
                break
            }
        }
        return paths
    }
}
