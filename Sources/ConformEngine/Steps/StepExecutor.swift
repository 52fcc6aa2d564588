import ConformLanguage
import ConformTransport
import Foundation

/// Performs one attempt of a step's action; one executor serves every attempt of one step.
protocol StepExecutor {
    /// Runs the action once, finishing by `deadline`.
    func attempt(deadline: Date) -> AttemptOutcome
}

/// What one attempt produced.
enum AttemptOutcome {
    /// The action completed; `summary` describes it in one line, `exchange` in a few.
    case observed(Observation, summary: String, exchange: String, retryAfter: Double?)
    /// The action could not complete (connection refused, timeout, S3 error document).
    case transportError(String)
    /// The action completed but what it saw is wrong in a way only the action can judge, such as a
    /// webhook signature that does not verify.
    case failed(String, Observation?)
}

/// Builds the executor for a step's action: the one place that maps step kinds to transports.
enum StepExecutorFactory {
    struct SetupError: Error, CustomStringConvertible {
        var message: String

        var description: String { message }
    }

    static func make(
        for step: Step, scenario: Scenario, scope: VariableScope, context: RunContext, receiver: WebhookReceiver?
    ) throws -> StepExecutor {
        switch step.action {
        case .http(let action):
            let request = try HTTPRequestBuilder(scenarioFile: scenario.file, scope: scope).build(action)
            return HTTPStepExecutor(request: request, client: try HTTPClient(isCanceled: context.isCanceled))
        case .s3List(let action):
            let client = try makeS3Client(for: step, scenario: scenario, scope: scope, context: context)
            return S3ListStepExecutor(
                client: client, bucket: try scope.render(action.bucket), prefix: try scope.render(action.prefix))
        case .s3Head, .s3Get, .s3Put, .s3Delete:
            return try makeS3Object(for: step, scenario: scenario, scope: scope, context: context)
        case .sleep(let seconds):
            return SleepStepExecutor(seconds: seconds, isCanceled: context.isCanceled)
        case .webhook(let action):
            guard let receiver else {
                throw SetupError(message: "step '\(step.id)' waits for a webhook but the scenario has no 'webhook' receiver")
            }
            return WebhookStepExecutor(action: action, receiver: receiver, scope: scope, isCanceled: context.isCanceled)
        }
    }
}

enum S3Configuration {
    static func resolve(_ settings: S3Settings, scope: VariableScope, redactor: Redactor) throws -> S3Client.Configuration {
        let accessKey = try scope.render(settings.accessKey)
        let secretKey = try scope.render(settings.secretKey)
        // Like the AWS tools, a session token in the environment is used when the scenario names none.
        let token = try settings.sessionToken.map { try scope.render($0) } ?? scope.environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        for secret in [accessKey, secretKey, token ?? ""] { redactor.add(secret) }
        return S3Client.Configuration(
            endpoint: try scope.render(settings.endpoint), region: try scope.render(settings.region),
            credentials: .init(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: token),
            virtualHosted: settings.addressing == .virtual)
    }
}

/// Waits; it observes nothing.
struct SleepStepExecutor: StepExecutor {
    let seconds: Double
    let isCanceled: @Sendable () -> Bool

    func attempt(deadline: Date) -> AttemptOutcome {
        let end = min(deadline, Date().addingTimeInterval(seconds))
        while Date() < end, !isCanceled() {
            Thread.sleep(forTimeInterval: min(0.05, max(0, end.timeIntervalSinceNow)))
        }
        return .observed(Observation(), summary: "slept \(DurationText.format(seconds))", exchange: "", retryAfter: nil)
    }
}
