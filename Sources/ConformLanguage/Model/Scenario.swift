/// A validated scenario: metadata, variables, connection settings and the steps to run.
public struct Scenario: Sendable {
    /// The file as the user named it, used in every location.
    public var file: String
    /// The full text of the file, for the report's Method section and diagnostics.
    public var source: String
    /// The report name: `DEV_<report>_<YYYYMMDD>.md`, also the JUnit suite name.
    public var report: String
    public var scope: [String]
    public var tags: [String]
    /// The bound on the whole scenario, in seconds.
    public var timeout: Double
    public var variables: [Variable]
    public var s3: S3Settings?
    public var webhook: WebhookSettings?
    public var steps: [Step]

    public struct Variable: Sendable {
        public var name: String
        public var value: Template
        /// True when marked `secret: true` or when the name says KEY, SECRET, TOKEN or PASSWORD.
        public var isSecret: Bool
        public var location: SourceLocation
    }

    public static let defaultTimeout: Double = 300

    /// True for names that by convention hold credentials.
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["KEY", "SECRET", "TOKEN", "PASSWORD"].contains { upper.contains($0) }
    }
}

/// The S3 endpoint, region, credentials and addressing style.
public struct S3Settings: Sendable {
    public enum Addressing: String, Sendable {
        case path
        case virtual
    }

    public var endpoint: Template
    public var region: Template
    public var accessKey: Template
    public var secretKey: Template
    public var sessionToken: Template?
    public var addressing: Addressing
    public var location: SourceLocation
}

extension Scenario {
    /// Every template in the scenario: variables, S3 settings, requests, checks and records.
    public var templates: [Template] {
        var result = variables.map(\.value)
        if let s3 {
            result += [s3.endpoint, s3.region, s3.accessKey, s3.secretKey, s3.sessionToken].compactMap { $0 }
        }
        for step in steps {
            result += step.action.templates
            let checks = step.expectations + (step.poll?.until ?? []) + (step.poll?.failIf ?? [])
            result += checks.flatMap(\.matcher.templates)
            result += step.records.map(\.value)
        }
        return result
    }
}
