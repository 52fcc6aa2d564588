/// What one attempt of a step saw: the facts expectations, captures and records read.
///
/// An HTTP step fills status, headers and body, and an S3 listing fills keys. An S3 HEAD, GET or PUT
/// fills `object`, and a GET also fills the body. Names such as `status`, `json.job_id`,
/// `header.Retry-After`, `count`, `keys[0]`, `size` and `metadata.owner` read these facts.
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
    /// The S3 object that an `s3_head`, `s3_get` or `s3_put` step saw.
    public var object: S3Object?

    /// The facts S3 returned about one object. Only `exists` is set when the object does not exist.
    public struct S3Object: Sendable {
        public var exists: Bool
        public var size: Int?
        public var contentType: String?
        /// The ETag without the quotes that S3 puts around it.
        public var etag: String?
        /// The `Last-Modified` header as S3 sent it, an HTTP date.
        public var lastModified: String?
        /// User metadata, names in lowercase.
        public var metadata: [(name: String, value: String)]

        public init(
            exists: Bool, size: Int? = nil, contentType: String? = nil, etag: String? = nil, lastModified: String? = nil,
            metadata: [(name: String, value: String)] = []
        ) {
            self.exists = exists
            self.size = size
            self.contentType = contentType
            self.etag = etag
            self.lastModified = lastModified
            self.metadata = metadata
        }
    }

    public init(
        status: Int? = nil, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        keys: [String]? = nil, count: Int? = nil, object: S3Object? = nil
    ) {
        self.count = count ?? keys?.count
        self.object = object
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
    ///
    /// Each name is reserved: no variable or capture may use it.
    public static let responseNames: Set<String> = [
        "status", "json", "header", "headers", "body", "count", "keys", "exists", "size", "content_type", "etag",
        "last_modified", "metadata",
    ]

    public var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }

    /// Returns the header's value; names compare case-insensitively and the last value wins.
    public func header(_ name: String) -> String? {
        headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    /// Looks up a response name (`json.status`, `count`, `keys[0]`, `header.Retry-After`,
    /// `metadata.owner`).
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
        case "exists", "size", "content_type", "etag", "last_modified", "metadata":
            return object.flatMap { objectValue(root, rest: rest, of: $0) }
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

    /// Reads an object fact; `metadata.<name>` compares names case-insensitively.
    private func objectValue(_ root: String, rest: String, of object: S3Object) -> JSONValue? {
        if root == "exists" { return rest.isEmpty ? .bool(object.exists) : nil }
        guard object.exists else { return nil }
        if root == "metadata" {
            guard !rest.isEmpty else { return .object(object.metadata.map { ($0.name, .string($0.value)) }) }
            guard rest.hasPrefix(".") else { return nil }
            let name = rest.dropFirst().lowercased()
            return object.metadata.last(where: { $0.name.lowercased() == name }).map { .string($0.value) }
        }
        guard rest.isEmpty else { return nil }
        switch root {
        case "size": return object.size.map { .number(String($0)) }
        case "content_type": return object.contentType.map(JSONValue.string)
        case "etag": return object.etag.map(JSONValue.string)
        default: return object.lastModified.map(JSONValue.string)
        }
    }
}
