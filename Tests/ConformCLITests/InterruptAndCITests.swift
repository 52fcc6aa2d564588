import ConformTestSupport
import Foundation
import Testing

@Suite("Interrupts and GitHub Actions")
struct InterruptAndCITests {
    @Test("SIGINT stops the run and exits 130")
    func interruptExits130() throws {
        let file = try CLIRun.scenarioFile("""
            report: LONG_WAIT
            steps:
              - id: first
                sleep: 100ms
              - id: long
                sleep: 1m
              - id: after_long
                sleep: 10ms
              - id: teardown
                always: true
                sleep: 50ms
            """)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conform-int-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = Repository.conformExecutable
        process.arguments = ["run", file, "--junit", folder.appendingPathComponent("junit.xml").path, "--report-dir", folder.path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()

        #expect(process.terminationStatus == 130)
        #expect(Date().timeIntervalSince(interrupted) < 5)
        let junit = try String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains(#"<testcase name="first" classname="LONG_WAIT""#))
        #expect(junit.contains(#"<skipped message="interrupted while running"/>"#))
        #expect(junit.contains(#"<skipped message="not run: the run was interrupted"/>"#))
        #expect(junit.contains(#/<testcase name="teardown" classname="LONG_WAIT" time="[0-9.]+"\/>/#))
        #expect(try CLIRun.schemaErrors(junit, schema: "junit-ant-strict.xsd") == nil)
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("DEV_LONG_WAIT_") }
        #expect(reports.count == 1)
    }

    @Test("GitHub Actions gets annotations and a summary")
    func gitHubActionsOutput() throws {
        let server = try SilentServer()
        let file = try CLIRun.scenarioFile("""
            report: CI_CHECK
            steps:
              - id: call
                http: {get: "http://127.0.0.1:\(server.port)/x", timeout: 200ms}
            """)
        let summary = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).md")
        try "previous step\n".write(to: summary, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_STEP_SUMMARY"] = summary.path
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("conform-gh-\(UUID().uuidString)").path

        let run = try Subprocess.run(
            Repository.conformExecutable.path, ["run", file, "--report-dir", reports], environment: environment)

        #expect(run.status == 1)
        #expect(run.output.contains("::error file=\(file),line=3,col=9,title=CI_CHECK%3A call errored::timeout failed for http://127.0.0.1:\(server.port)/x"))
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("previous step\n## conform\n"))
        #expect(text.contains("| CI_CHECK | FAIL | 0 | 0 | 1 | 0 |"))
        #expect(text.contains("- `CI_CHECK` / `call` at `\(file):3:9`: timeout failed"))
    }

    @Test("canary secrets appear in no output")
    func canarySecretsStayHidden() throws {
        let stack = try ReferenceStack.start()
        defer { stack.stop() }
        let canaries = [
            "environment": "CANARY-ENV-7f3a9c1e",
            "scenario": "CANARY-YAML-2b8d4e6f",
            "marked": "CANARY-MARK-9e1c3a5b",
            "override": "CANARY-VAR-4d6f8a0c",
        ]
        let file = try CLIRun.scenarioFile("""
            report: CANARIES
            vars:
              api: ${env.DEDUP2D_API_URL}
              api_key: ${env.DEDUP2D_API_KEY}
              service_token: ${env.CANARY_SERVICE_TOKEN}
              db_password: \(canaries["scenario"]!)
              plain: {value: \(canaries["marked"]!), secret: true}
              session_secret: unset
            webhook: {status: 200}
            steps:
              - id: echo_in_response
                http:
                  get: ${api}/api/v1/dedup/2d/jobs/${service_token}
                  headers: {X-API-Key: "${api_key}", Authorization: "Bearer ${db_password}"}
                expect: {status: 404, json: {detail: {job_id: "${service_token}"}}}
              - id: secrets_in_webhook
                http:
                  post: ${webhook_url}/hook
                  headers: {X-Trace: "${plain}", X-Session: "${session_secret}"}
                  json: {token: "${service_token}", password: "${db_password}", marked: "${plain}", other: "${session_secret}"}
              - id: received
                webhook: {path: /hook, within: 5s}
                expect: {json: {token: "${service_token}"}}
                record: {seen_token: "${json.token}", seen_marked: "${json.marked}"}
              - id: fails_with_secret
                http: {get: "${api}/api/v1/dedup/2d/jobs/${db_password}", headers: {X-API-Key: "${api_key}"}}
                expect: {status: 200}
            """)
        let environmentFile = try CLIRun.scenarioFile(
            "CANARY_SERVICE_TOKEN=\(canaries["environment"]!)\n", name: "canary.env")

        let run = try CLIRun.conform([
            "run", file, "--env-file", stack.envFile, "--env-file", environmentFile, "--verbose",
            "--var", "session_secret=\(canaries["override"]!)",
        ])

        #expect(run.status == 1)
        #expect(run.output.contains("seen_token=***"))
        let outputs = ["stdout": run.output, "stderr": run.error, "junit": run.junit ?? ""].merging(run.reports) { $1 }
        #expect(outputs.count == 4)
        for (name, text) in outputs {
            for (kind, canary) in canaries {
                #expect(!text.contains(canary), "the \(kind) canary leaked into \(name)")
            }
            #expect(!text.contains(stack.environment["DEDUP2D_API_KEY"] ?? "missing"), "the API key leaked into \(name)")
        }
    }
}
