/// What one attempt of a step saw: the facts expectations, captures and records read.
///
/// An HTTP step fills status, headers and body; an S3 listing fills keys. Names such as `status`,
/// `json.job_id`, `header.Retry-After`, `count` and `keys[0]` read these facts.
public struct Observation: Sendable {
    public var status: Int?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var keys: [String]?
    public var json: JSONValue?
    /// Why the body is not JSON, when it was parsed and failed.
    public var jsonError: String?

    /// The number of things seen when they are not S3 keys, such as matching webhook deliveries.
    public var count: Int?

    public init(
        status: Int? = nil, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        keys: [String]? = nil, count: Int? = nil
    ) {
        self.count = count ?? keys?.count
        self.status = status
        self.headers = headers
        self.body = body
        self.keys = keys
        if let body, !body.isEmpty {
            do {
                json = try JSONParser.parse(body)
            } catch {
                jsonError = error.description
            }
        }
    }

    /// The names a step's own response provides, usable in its expectations, captures and records.
    public static let responseNames: Set<String> = ["status", "json", "header", "headers", "body", "count", "keys"]

    public var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }

    /// Returns the header's value; names compare case-insensitively and the last value wins.
    public func header(_ name: String) -> String? {
        headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    /// Looks up a response name (`json.status`, `count`, `keys[0]`, `header.Retry-After`).
    ///
    /// Returns nil when the name is not a response name or this observation lacks the fact.
    public func value(named name: String) -> JSONValue? {
        let root = Template.rootName(name)
        let rest = String(name.dropFirst(root.count))
        switch root {
        case "status":
            return rest.isEmpty ? status.map { .number(String($0)) } : nil
        case "count":
            return rest.isEmpty ? count.map { .number(String($0)) } : nil
        case "body":
            return rest.isEmpty ? bodyText.map { .string($0) } : nil
        case "header", "headers":
            guard rest.hasPrefix("."), let value = header(String(rest.dropFirst())) else { return nil }
            return .string(value)
        case "keys":
            guard let keys else { return nil }
            let array = JSONValue.array(keys.map { .string($0) })
            guard !rest.isEmpty else { return array }
            guard let path = try? JSONPath(parsing: rest) else { return nil }
            return path.value(in: array)
        case "json":
            guard let json else { return nil }
            guard !rest.isEmpty else { return json }
            let pathText = rest.hasPrefix(".") ? String(rest.dropFirst()) : rest
            guard let path = try? JSONPath(parsing: pathText) else { return nil }
            return path.value(in: json)
        default:
            return nil
        }
    }
}
