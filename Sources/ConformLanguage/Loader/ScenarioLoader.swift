import Foundation

/// Reads scenario files: YAML text to a validated `Scenario`, or every diagnostic found.
public enum ScenarioLoader {
    /// Loads the scenario at `path`. `path` appears in diagnostics as given.
    public static func load(path: String) throws(DiagnosticList) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiagnosticList([
                .error("cannot read scenario file '\(path)': \(error.localizedDescription)", at: nil,
                       hint: "check that the file exists and is readable")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([.error("scenario file '\(path)' is not valid UTF-8", at: nil, hint: "save it as UTF-8")])
        }
        return try parse(text, file: path)
    }

    /// Parses scenario text; `file` names it in diagnostics.
    ///
    /// A file contains exactly one scenario: several YAML documents in one file are an error, so that a
    /// stray `---` never hides a scenario from a run.
    public static func parse(_ text: String, file: String) throws(DiagnosticList) -> Scenario {
        let documents = try YAMLParser(file: file).parseDocuments(text)
        guard let root = documents.first else {
            throw DiagnosticList([
                .error("scenario file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                       hint: "a scenario needs at least 'steps:'")
            ])
        }
        if documents.count > 1 {
            throw DiagnosticList([
                .error("a scenario file holds one YAML document, found \(documents.count)", at: documents[1].location,
                       hint: "put each scenario in its own file")
            ])
        }

        let builder = ScenarioBuilder(file: file, source: text)
        let scenario = builder.build(root)
        let errors = builder.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let scenario else {
            throw DiagnosticList(builder.diagnostics.sorted(by: ScenarioLoader.sourceOrder))
        }
        return scenario
    }

    static func sourceOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let left = lhs.location.map { ($0.line, $0.column) } ?? (0, 0)
        let right = rhs.location.map { ($0.line, $0.column) } ?? (0, 0)
        return left < right
    }
}
