import ConformTestSupport
import Foundation
import Testing

/// The CLI's commands, options and exit codes, without a stack.
@Suite("Command line")
struct CommandLineTests {
    @Test("validate accepts the shipped scenarios")
    func validateShippedScenarios() throws {
        let run = try CLIRun.conform(["validate", "Scenarios"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("ok  Scenarios/dedup2d/s3_lifecycle.yaml"))
    }

    @Test("syntax error exits 2 with location")
    func syntaxErrorExitsTwo() throws {
        let file = try CLIRun.scenarioFile("steps:\n  - id: a\n    sleep: [1s\n")
        for command in ["validate", "run"] {
            let run = try CLIRun.conform([command, file])
            #expect(run.status == 2)
            #expect(run.error.contains("error: invalid YAML: did not find expected ',' or ']'"))
            #expect(run.error.contains(" --> \(file):3:12\n3 |     sleep: [1s\n  |            ^"))
        }
    }

    @Test("a broken file stops the whole run")
    func brokenFileStopsRun() throws {
        let broken = try CLIRun.scenarioFile("steps:\n  - id: a\n    slep: 1s\n")
        let run = try CLIRun.conform(["run", "Scenarios", broken])
        #expect(run.status == 2)
        #expect(run.error.contains("did you mean 'sleep'?"))
        #expect(run.error.contains("nothing was run"))
        #expect(!run.output.contains("==> DEDUP2D_S3_LIFECYCLE"))
    }

    @Test("run checks environment and files first")
    func runPreflight() throws {
        let file = try CLIRun.scenarioFile("""
            vars:
              api: ${env.CONFORM_TEST_API_ULR}
            steps:
              - id: submit
                http:
                  post: "${api}/x"
                  multipart: {file: {path: missing.png}}
            """)
        let environment = try CLIRun.scenarioFile("CONFORM_TEST_API_URL=http://127.0.0.1:9\n", name: "test.env")

        let run = try CLIRun.conform(["run", file, "--env-file", environment])

        #expect(run.status == 2)
        #expect(run.error.contains("error: environment variable 'CONFORM_TEST_API_ULR' is not set"))
        #expect(run.error.contains("did you mean 'CONFORM_TEST_API_URL'?"))
        #expect(run.error.contains("error: file not found: 'missing.png'"))
        #expect(run.error.contains("nothing was run"))
        #expect(run.reports.isEmpty)
    }

    @Test("a misspelled matcher is caught")
    func misspelledMatcher() throws {
        let file = try CLIRun.scenarioFile("""
            steps:
              - id: call
                http: {get: "http://127.0.0.1:9/"}
                expect: {json: {status: {inn: [completed, failed]}}}
            """)
        let run = try CLIRun.conform(["validate", file], writeReports: false)
        #expect(run.status == 2)
        #expect(run.error.contains("error: unknown matcher 'inn'"))
        #expect(run.error.contains("did you mean 'in'?"))
    }

    @Test("a passing sleep-only scenario exits 0")
    func sleepScenarioPasses() throws {
        let file = try CLIRun.scenarioFile("report: NAP\nsteps:\n  - id: nap\n    sleep: 10ms\n")
        let run = try CLIRun.conform(["run", file, "--date", "2026-02-03"])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.reports["DEV_NAP_20260203.md"] != nil)
    }

    @Test("a second report the same day gets a suffix")
    func sameDayReportsKept() throws {
        let file = try CLIRun.scenarioFile("report: NAP\nsteps:\n  - id: nap\n    sleep: 10ms\n")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-reports-\(UUID().uuidString)").path
        for _ in 0..<3 {
            let run = try CLIRun.conform(["run", file, "--date", "2026-02-03", "--report-dir", folder], writeReports: false)
            #expect(run.status == 0)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["DEV_NAP_20260203.md", "DEV_NAP_20260203_2.md", "DEV_NAP_20260203_3.md"])
    }

    @Test("help is available for each command", arguments: [["--help"], ["run", "--help"], ["validate", "--help"], ["help", "run"]])
    func helpExitsZero(arguments: [String]) throws {
        let run = try CLIRun.conform(arguments, writeReports: false)
        #expect(run.status == 0)
        #expect(run.output.contains("Usage"))
    }

    @Test("usage errors exit 2", arguments: [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["run"], "'run' needs at least one scenario file or folder"),
        (["run", "Scenarios", "--bogus"], "unknown option '--bogus' for 'run'"),
        (["run", "Scenarios", "--junit"], "option '--junit' needs a value"),
        (["run", "Scenarios", "--date", "2026-13-45"], "invalid --date '2026-13-45'"),
        (["run", "Scenarios", "--var", "novalue"], "invalid --var 'novalue'"),
        (["validate", "does/not/exist.yaml"], "no such file or folder: 'does/not/exist.yaml'"),
        (["run", "Scenarios", "--env-file", "missing.env"], "cannot read env file 'missing.env'"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) throws {
        let run = try CLIRun.conform(arguments, writeReports: false)
        #expect(run.status == 2)
        #expect(run.error.contains(message), "stderr was: \(run.error)")
    }
}
