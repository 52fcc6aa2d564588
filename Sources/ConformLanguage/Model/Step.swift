/// One step of a scenario: an action, when it runs, and what it checks, captures and records.
public struct Step: Sendable {
    public var id: String
    public var location: SourceLocation
    public var action: StepAction
    /// The steps that must finish first. nil means the step written above (none for the first step).
    public var after: [StepReference]?
    public var poll: Poll?
    public var expectations: [Check]
    public var captures: [Capture]
    public var records: [Record]
    /// Runs even when an earlier step failed, for teardown.
    public var always: Bool
    /// The bound on this step, in seconds.
    public var timeout: Double?
}

/// A step id named by another step, with where it was written.
public struct StepReference: Sendable {
    public var id: String
    public var location: SourceLocation
}

/// A step's action, one per step kind.
public enum StepAction: Sendable {
    case http(HTTPAction)
    case s3List(S3ListAction)
    case s3Head(S3ObjectAction)
    case s3Get(S3ObjectAction)
    case s3Put(S3PutAction)
    case s3Delete(S3ObjectAction)
    case sleep(Double)
    case webhook(WebhookAction)

    /// The key that selects the kind in YAML.
    public var kindName: String {
        switch self {
        case .http: return "http"
        case .s3List: return "s3_list"
        case .s3Head: return "s3_head"
        case .s3Get: return "s3_get"
        case .s3Put: return "s3_put"
        case .s3Delete: return "s3_delete"
        case .sleep: return "sleep"
        case .webhook: return "webhook"
        }
    }
}

/// An HTTP request as written in the scenario.
public struct HTTPAction: Sendable {
    public var method: String
    public var url: Template
    public var headers: [(name: String, value: Template)]
    public var query: [(name: String, value: Template)]
    public var body: Body?
    public var connectTimeout: Double?
    /// The bound on one request, in seconds; a poll or step deadline can only shorten it.
    public var requestTimeout: Double?
    /// Follows 3xx responses. Off unless the scenario sets it, so a redirect is visible to checks.
    public var followRedirects: Bool
    /// A PEM file of CA certificates to trust instead of the system's.
    public var caBundle: Template?
    /// Skips TLS certificate and host name checks; the report notes it.
    public var insecure: Bool
    public var location: SourceLocation

    public enum Body: Sendable {
        case json(JSONTemplate)
        case text(Template, contentType: Template?)
        case file(path: Template, contentType: Template?)
        case multipart([MultipartField])
    }

    public struct MultipartField: Sendable {
        public var name: String
        public var value: Value
        public var location: SourceLocation

        public enum Value: Sendable {
            case text(Template)
            case file(path: Template, contentType: Template?, filename: Template?)
        }
    }
}

/// An S3 ListObjectsV2 listing of a prefix.
public struct S3ListAction: Sendable {
    public var bucket: Template
    public var prefix: Template
    public var location: SourceLocation
}

/// One S3 object, the target of `s3_head`, `s3_get` and `s3_delete`.
public struct S3ObjectAction: Sendable {
    public var bucket: Template
    public var key: Template
    public var location: SourceLocation
}

/// An S3 PUT of one object.
public struct S3PutAction: Sendable {
    public var bucket: Template
    public var key: Template
    public var body: Body
    /// nil means a type guessed from the file's extension, or `application/octet-stream` for `body`.
    public var contentType: Template?
    /// User metadata, sent as `x-amz-meta-<name>` headers.
    public var metadata: [(name: String, value: Template)]
    public var location: SourceLocation

    public enum Body: Sendable {
        case text(Template)
        /// A file streamed from disk; a relative path starts at the scenario's folder.
        case file(Template)
    }
}

/// The repetition of a step until a condition holds, or for a watch window.
public struct Poll: Sendable {
    /// Seconds from the start of one attempt to the start of the next.
    public var every: Double
    /// The deadline for the whole poll, in seconds from its first attempt.
    public var within: Double?
    /// A watch window in seconds: attempts repeat for this long and the poll passes unless `fail_if`
    /// holds on one of them, such as a status that must never go backwards.
    public var during: Double?
    public var backoff: Backoff?
    public var until: [Check]
    public var failIf: [Check]
    public var stopWhen: StepReference?
    public var location: SourceLocation

    public struct Backoff: Sendable {
        public var factor: Double
        /// The maximum interval, in seconds.
        public var maximum: Double?
    }
}

/// One condition on an observed value: `json.status equals completed`.
public struct Check: Sendable {
    /// The observed name: `status`, `json.result.success`, `header.Retry-After`, `count`, `keys`.
    public var subject: String
    public var matcher: Matcher
    public var location: SourceLocation
}

/// A value bound to a name for later steps.
public struct Capture: Sendable {
    public var name: String
    public var source: Source
    public var location: SourceLocation

    public enum Source: Sendable {
        /// A response name such as `json.job_id`, `header.Location`, `count`, `keys[0]`.
        case name(String)
        /// The first group of a regular expression over a response name (default `body`).
        case regex(subject: String, pattern: String)
    }
}

/// A `key=value` line for the report's Observed Output section.
public struct Record: Sendable {
    public var name: String
    public var value: Template
    public var location: SourceLocation
}
