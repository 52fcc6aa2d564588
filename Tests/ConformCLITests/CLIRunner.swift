import ConformTestSupport
import Foundation

/// Runs the conform executable as a user would, in a scratch folder, and collects what it wrote.
struct CLIRun {
    let result: Subprocess.Output
    let folder: URL

    var status: Int32 { result.status }
    var output: String { result.output }
    var error: String { result.error }

    var junit: String? { try? String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8) }

    /// The text of every DEV report written, by file name.
    var reports: [String: String] {
        let reportFolder = folder.appendingPathComponent("reports")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reportFolder.path)) ?? []
        var texts: [String: String] = [:]
        for name in names {
            texts[name] = try? String(contentsOf: reportFolder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    /// Runs `conform` with `arguments`; for `run`, adds `--junit` and `--report-dir` inside a new folder.
    static func conform(_ arguments: [String], writeReports: Bool = true) throws -> CLIRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var full = arguments
        if writeReports, arguments.first == "run" {
            full += ["--junit", folder.appendingPathComponent("junit.xml").path, "--report-dir", folder.appendingPathComponent("reports").path]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let output = try Subprocess.run(
            Repository.conformExecutable.path, full, environment: environment, directory: Repository.root)
        return CLIRun(result: output, folder: folder)
    }

    /// Writes `text` to a scenario file in a new folder and returns its path.
    static func scenarioFile(_ text: String, name: String = "scenario.yaml") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Checks `xml` against a schema in the shared schemas folder with xmllint; returns its messages.
    static func schemaErrors(_ xml: String, schema: String) throws -> String? {
        let schemaPath = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/schemas/\(schema)").path
        guard FileManager.default.fileExists(atPath: schemaPath) else { return "schema not found at \(schemaPath)" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        let result = try Subprocess.run("/usr/bin/xmllint", ["--noout", "--schema", schemaPath, file.path])
        return result.status == 0 ? nil : result.error
    }
}
