/// The webhook receiver conform starts for a scenario; its URL is the variable `webhook_url`.
public struct WebhookSettings: Sendable {
    /// The address the receiver listens on.
    public var bindAddress: String
    /// 0 picks a free port.
    public var port: Int
    /// The host written into `webhook_url`, for stacks that reach conform by another name.
    public var host: String?
    /// The status every request gets; a 5xx makes the service retry.
    public var responseStatus: Int
    /// Extra headers on every response, such as `Retry-After` beside a 503.
    public var responseHeaders: [(name: String, value: String)]
    public var maximumBodyBytes: Int
    public var location: SourceLocation

    /// The variable that contains the receiver's base URL, such as `http://127.0.0.1:41234`.
    public static let urlVariable = "webhook_url"
}

/// A wait for requests to the scenario's webhook receiver.
public struct WebhookAction: Sendable {
    /// Only requests to this path (query string ignored) count; nil counts every path.
    public var path: Template?
    public var method: String?
    /// Conditions on a request's headers, JSON body or body that select the requests that count.
    public var match: [Check]
    /// How many selected requests must arrive; `{min: 1}` unless written.
    public var count: Matcher
    /// Seconds to wait for `count` to hold.
    public var within: Double
    /// Seconds to keep watching after `count` holds when it also limits from above (an exact
    /// number or `max`), to catch a duplicate delivery.
    public var settle: Double
    public var signature: SignatureSpec?
    public var location: SourceLocation
}

/// The declared HMAC-SHA256 signature check of a webhook step.
public struct SignatureSpec: Sendable {
    public enum Encoding: String, Sendable, CaseIterable {
        case hex
        case base64
    }

    public var header: String
    public var separator: String
    public var timestampKey: String?
    public var signatureKey: String?
    /// The signed message; `${timestamp}` is the header's timestamp and `${body}` the raw body.
    public var message: Template
    public var secret: Template
    public var encoding: Encoding
    public var maximumSkew: Double?
    public var location: SourceLocation

    /// Names that only the signature message can use.
    public static let messageNames: Set<String> = ["timestamp", "body"]
}
