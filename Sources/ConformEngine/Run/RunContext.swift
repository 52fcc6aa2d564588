import Foundation

/// The outside world a run reads (environment, clock, events, cancellation), passed in so tests can set each part.
public struct RunContext: Sendable {
    /// The process environment merged with `--env-file`; the env file wins.
    public var environment: [String: String]
    /// `--var name=value` overrides, which win over the scenario's `vars`.
    public var overrides: [String: String]
    public var clock: @Sendable () -> Date
    /// Receives progress events as steps start, poll and end.
    public var events: RunEvents
    public var redactor: Redactor
    /// Polled by running requests and polls; true stops the run (SIGINT, SIGTERM).
    public var isCanceled: @Sendable () -> Bool

    public init(
        environment: [String: String], overrides: [String: String] = [:], clock: @escaping @Sendable () -> Date = { Date() },
        events: RunEvents = SilentEvents(), redactor: Redactor = Redactor(),
        isCanceled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.environment = environment
        self.overrides = overrides
        self.clock = clock
        self.events = events
        self.redactor = redactor
        self.isCanceled = isCanceled
    }
}

/// Progress of a run as it happens, for the console.
public protocol RunEvents: Sendable {
    func scenarioStarted(_ scenario: String, file: String)
    func stepStarted(_ step: String, scenario: String, summary: String)
    func pollProgress(_ step: String, scenario: String, attempt: Int, elapsed: Double, last: String)
    func stepFinished(_ result: StepResult, scenario: String)
}

/// Events that go nowhere.
public struct SilentEvents: RunEvents {
    public init() {}
    public func scenarioStarted(_ scenario: String, file: String) {}
    public func stepStarted(_ step: String, scenario: String, summary: String) {}
    public func pollProgress(_ step: String, scenario: String, attempt: Int, elapsed: Double, last: String) {}
    public func stepFinished(_ result: StepResult, scenario: String) {}
}
