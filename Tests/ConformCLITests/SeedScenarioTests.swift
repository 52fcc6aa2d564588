import ConformTestSupport
import Foundation
import Testing

/// The seed lifecycle scenario run by the CLI against a real reference stack.
@Suite("Seed scenario end to end")
struct SeedScenarioTests {
    static let scenario = "Scenarios/dedup2d/s3_lifecycle.yaml"

    @Test("passes on a healthy stack")
    func passesOnHealthyStack() throws {
        let stack = try ReferenceStack.start()
        defer { stack.stop() }

        let run = try CLIRun.conform(["run", Self.scenario, "--env-file", stack.envFile, "--date", "2026-01-01"])

        #expect(run.status == 0, "stdout:\n\(run.output)\nstderr:\n\(run.error)")
        #expect(run.output.contains("pass  cleaned_up"))
        let report = try #require(run.reports["DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"])
        for line in ["- `before_objects=0`", "- `final_status=completed`", "- `after_objects=0`"] {
            #expect(report.contains(line), "missing \(line)")
        }
        #expect(report.contains(#/- `observed_objects=1` \(key sample: `uploads/[0-9a-f-]{36}/[0-9a-f]{32}_smoke\.png`\)/#))
        for section in ["## Scope", "## Method", "## Observed Output (summary)", "## Notes", "## Result"] {
            #expect(report.contains(section), "missing \(section)")
        }
        let junit = try #require(run.junit)
        #expect(try CLIRun.schemaErrors(junit, schema: "junit-ant-strict.xsd") == nil)
        #expect(try CLIRun.schemaErrors(junit, schema: "junit-jenkins-xunit.xsd") == nil)
        #expect(junit.contains("tests=\"5\" failures=\"0\" errors=\"0\""))
        let endpoints = [stack.environment["DEDUP2D_S3_ENDPOINT"], stack.environment["DEDUP2D_API_URL"]].compactMap { $0 }
        #expect(junit.contains("<property name=\"scenario.endpoints\" value=\"\(endpoints.joined(separator: ","))\"/>"))
    }

    @Test("fails at cleanup when uploads are kept")
    func failsAtCleanupWhenUploadsKept() throws {
        let stack = try ReferenceStack.start(["--fault", "keep-uploads"])
        defer { stack.stop() }

        let run = try CLIRun.conform(["run", Self.scenario, "--env-file", stack.envFile, "--date", "2026-01-01"])

        #expect(run.status == 1)
        let junit = try #require(run.junit)
        #expect(junit.contains(#/<testcase name="cleaned_up" classname="DEDUP2D_S3_LIFECYCLE" time="[0-9.]+">\s*<failure /#))
        #expect(junit.contains("failures=\"1\" errors=\"0\""))
        #expect(try CLIRun.schemaErrors(junit, schema: "junit-ant-strict.xsd") == nil)
        let report = try #require(run.reports["DEV_DEDUP2D_S3_LIFECYCLE_20260101.md"])
        let result = try #require(report.components(separatedBy: "## Result").last)
        #expect(result.contains(#/- FAIL `cleaned_up`: 'until' did not hold within 10s \(count equals 0, actual 1\).*uploads/[0-9a-f-]{36}/[0-9a-f]{32}_smoke\.png/#))
    }

    @Test("names SignatureDoesNotMatch for a wrong secret")
    func wrongSecretIsSignatureError() throws {
        let stack = try ReferenceStack.start()
        defer { stack.stop() }

        let run = try CLIRun.conform([
            "run", Self.scenario, "--env-file", stack.envFile,
            "--env-file", try Self.overrideFile(["AWS_SECRET_ACCESS_KEY": "wrong-secret-for-the-test"]),
        ])

        #expect(run.status == 1)
        #expect(run.output.contains("SignatureDoesNotMatch"))
        let junit = try #require(run.junit)
        #expect(junit.contains(#/<testcase name="before"[^>]*>\s*<error message="S3 returned 403 SignatureDoesNotMatch/#))
        #expect(junit.contains("<skipped message=\"skipped because 'before' errored\"/>"))
        #expect(!run.output.contains("wrong-secret-for-the-test"))
        #expect(!junit.contains("wrong-secret-for-the-test"))
    }

    @Test("names InvalidAccessKeyId for an unknown key")
    func unknownAccessKeyIsNamed() throws {
        let stack = try ReferenceStack.start()
        defer { stack.stop() }

        let run = try CLIRun.conform([
            "run", Self.scenario, "--env-file", stack.envFile,
            "--env-file", try Self.overrideFile(["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000"]),
        ])

        #expect(run.status == 1)
        #expect(run.output.contains("InvalidAccessKeyId"))
    }

    @Test("never prints the stack's secrets")
    func secretsStayHidden() throws {
        let stack = try ReferenceStack.start(["--fault", "keep-uploads"])
        defer { stack.stop() }

        let run = try CLIRun.conform(["run", Self.scenario, "--env-file", stack.envFile, "--verbose"])

        let secrets = ["AWS_SECRET_ACCESS_KEY", "DEDUP2D_API_KEY", "AWS_ACCESS_KEY_ID"].compactMap { stack.environment[$0] }
        #expect(secrets.count == 3)
        let outputs = [run.output, run.error, run.junit ?? ""] + Array(run.reports.values)
        for secret in secrets {
            for text in outputs {
                #expect(!text.contains(secret), "a secret leaked")
            }
        }
        #expect(run.output.contains("X-API-Key: ***"))
    }

    /// Writes an env file that overrides some of the stack's values.
    static func overrideFile(_ values: [String: String]) throws -> String {
        let text = values.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        return try CLIRun.scenarioFile(text, name: "override.env")
    }
}
