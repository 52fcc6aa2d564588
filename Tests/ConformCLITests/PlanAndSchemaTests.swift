import ConformTestSupport
import Foundation
import Testing

@Suite("plan and schema commands")
struct PlanAndSchemaTests {
    @Test("plan shows parallel stages")
    func planShowsParallelStages() throws {
        let run = try CLIRun.conform(["plan", "Scenarios/dedup2d/s3_lifecycle.yaml"], writeReports: false)
        #expect(run.status == 0)
        #expect(run.output.contains("stage 3  (2 steps in parallel)"))
        #expect(run.output.contains("poll every 50ms, stops when 'job_terminal' ends"))
        #expect(run.output.contains("poll every 250ms, within 1m30s"))
        #expect(run.output.contains("after: job_terminal, upload_observed"))
    }

    @Test("plan writes Graphviz DOT")
    func planWritesDot() throws {
        let run = try CLIRun.conform(["plan", "Scenarios/dedup2d/s3_lifecycle.yaml", "--format", "dot"], writeReports: false)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("digraph \"DEDUP2D_S3_LIFECYCLE\" {"))
        #expect(run.output.contains("\"submit\" -> \"upload_observed\";"))
        #expect(run.output.contains("\"job_terminal\" -> \"upload_observed\" [style=dashed, label=\"stop_when\"];"))
    }

    @Test("plan rejects an invalid scenario")
    func planRejectsInvalid() throws {
        let file = try CLIRun.scenarioFile("steps:\n  - id: a\n    sleep: 1s\n    after: b\n")
        let run = try CLIRun.conform(["plan", file], writeReports: false)
        #expect(run.status == 2)
        #expect(run.error.contains("unknown step 'b'"))
    }

    /// Validates YAML files against `conform schema` with the jsonschema package from PyPI.
    static func validateWithSchema(_ files: [String]) throws -> Subprocess.Output {
        let schema = try CLIRun.conform(["schema"], writeReports: false)
        #expect(schema.status == 0)
        let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString).json")
        try schema.output.write(to: schemaFile, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            failed = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(yaml.safe_load(open(path))):
                    failed += 1
                    print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
            sys.exit(1 if failed else 0)
            """
        let python = Repository.root.appendingPathComponent("Fixtures/stack/.venv/bin/python").path
        return try Subprocess.run(python, ["-c", script, schemaFile.path] + files, directory: Repository.root)
    }

    @Test("shipped scenarios match the schema")
    func shippedScenariosMatchSchema() throws {
        let folder = Repository.root.appendingPathComponent("Scenarios")
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { "Scenarios/\($0)" }
        #expect(files.count >= 3)
        let result = try Self.validateWithSchema(files)
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }

    @Test("schema rejects an unknown key")
    func schemaRejectsUnknownKey() throws {
        let file = try CLIRun.scenarioFile("steps:\n  - id: a\n    sleep: 1s\n    retries: 3\n")
        let result = try Self.validateWithSchema([file])
        #expect(result.status == 1)
    }

    @Test("schema rejects a bad duration")
    func schemaRejectsBadDuration() throws {
        let file = try CLIRun.scenarioFile("timeout: 3 minutes\nsteps:\n  - id: a\n    sleep: 1s\n")
        let result = try Self.validateWithSchema([file])
        #expect(result.status == 1)
        #expect(result.output.contains("timeout"))
    }
}
