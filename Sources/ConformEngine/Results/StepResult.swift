import ConformLanguage
import Foundation

/// The outcome of one step, as the reports show it.
public struct StepResult: Sendable {
    public enum Status: String, Sendable {
        case passed
        /// An expectation did not hold.
        case failed
        /// The step could not even try: connection refused, undefined variable at run time.
        case errored
        /// Not run because a step it waits for did not pass, or the run was interrupted.
        case skipped
    }

    public var stepID: String
    public var kind: String
    public var location: SourceLocation
    public var status: Status
    /// The resolved target of the step: `POST http://…/search`, `s3_list s3://bucket/prefix/`.
    public var target: String?
    /// The reason for failed, errored and skipped steps, in one or a few lines.
    public var message: String?
    public var started: Date?
    public var duration: Double
    public var attempts: [Attempt]
    public var checks: [CheckResult]
    public var records: [RecordedValue]
    /// The last HTTP exchange or S3 listing, summarised for failure bodies and verbose output.
    public var lastExchange: String?
    /// Transport errors that a poll retried past.
    public var transportErrors: Int

    public init(stepID: String, kind: String, location: SourceLocation, status: Status, message: String? = nil) {
        self.stepID = stepID
        self.kind = kind
        self.location = location
        self.status = status
        self.message = message
        self.duration = 0
        self.attempts = []
        self.checks = []
        self.records = []
        self.transportErrors = 0
    }
}

/// One try of a step: when, how long, what it saw.
public struct Attempt: Sendable {
    public var number: Int
    /// Seconds from the step's start.
    public var offset: Double
    public var duration: Double
    /// A short summary: `200 {"status":"pending"…}`, `1 object`, `connect failed: …`.
    public var outcome: String
    public var isTransportError: Bool

    public init(number: Int, offset: Double, duration: Double, outcome: String, isTransportError: Bool) {
        self.number = number
        self.offset = offset
        self.duration = duration
        self.outcome = outcome
        self.isTransportError = isTransportError
    }
}

/// One expectation and whether it held.
public struct CheckResult: Sendable {
    public var subject: String
    public var expected: String
    public var actual: String
    public var passed: Bool
    public var location: SourceLocation

    public init(subject: String, expected: String, actual: String, passed: Bool, location: SourceLocation) {
        self.subject = subject
        self.expected = expected
        self.actual = actual
        self.passed = passed
        self.location = location
    }
}

/// A `key=value` line for the report, with short context such as a sample of keys.
public struct RecordedValue: Sendable {
    public var name: String
    public var value: String
    public var context: String?

    public init(name: String, value: String, context: String?) {
        self.name = name
        self.value = value
        self.context = context
    }
}

/// The outcome of one scenario.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    public var started: Date
    public var duration: Double
    public var steps: [StepResult]
    /// The text of every console line of this scenario, for JUnit's system-out.
    public var trace: [String]
    public var interrupted: Bool
    /// The S3 endpoint and region as resolved for the run, for the report's Method section.
    public var s3Endpoint: String?
    public var s3Region: String?
    /// Every request the scenario's webhook receiver got, described for the reports.
    public var webhookDeliveries: [String] = []

    public init(
        scenario: Scenario, started: Date, duration: Double, steps: [StepResult], trace: [String], interrupted: Bool,
        s3Endpoint: String? = nil, s3Region: String? = nil, webhookDeliveries: [String] = []
    ) {
        self.scenario = scenario
        self.started = started
        self.duration = duration
        self.steps = steps
        self.trace = trace
        self.interrupted = interrupted
        self.s3Endpoint = s3Endpoint
        self.s3Region = s3Region
        self.webhookDeliveries = webhookDeliveries
    }

    public var passed: Bool { !interrupted && steps.allSatisfy { $0.status == .passed } }

    public func count(_ status: StepResult.Status) -> Int {
        steps.filter { $0.status == status }.count
    }
}
