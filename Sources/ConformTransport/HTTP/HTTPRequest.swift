/// A request ready to send: every template already rendered.
public struct HTTPRequest: Sendable {
    public enum Body: Sendable {
        case empty
        case bytes([UInt8], contentType: String?)
        /// A file streamed from disk, never held in memory whole.
        case file(path: String, contentType: String?)
        case multipart([MultipartPart])
    }

    public struct MultipartPart: Sendable {
        public enum Content: Sendable {
            case text(String)
            /// A file part streamed from disk; `filename` defaults to the path's last component.
            case file(path: String, filename: String?, contentType: String?)
        }

        public var name: String
        public var content: Content

        public init(name: String, content: Content) {
            self.name = name
            self.content = content
        }
    }

    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Body
    /// Seconds allowed to establish the connection.
    public var connectTimeout: Double
    /// Seconds allowed for the whole exchange; the caller clamps it to its deadline.
    public var totalTimeout: Double
    public var followRedirects: Bool
    /// Whether to send `Accept-Encoding` and decode a compressed response. S3 turns this off so a
    /// body is the object's bytes as stored, even for an object stored with `Content-Encoding: gzip`.
    public var decodesContent = true
    /// Whether to send the path exactly as written. libcurl otherwise removes `.` and `..` segments,
    /// which would change an S3 key such as `a/../b` after it was signed.
    public var keepsPathAsIs = false
    /// A PEM file of CA certificates to trust; nil uses the system's store.
    public var caBundle: String?
    /// Turns off certificate and host name verification.
    public var insecure: Bool

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: Body = .empty,
        connectTimeout: Double = 10, totalTimeout: Double = 30, followRedirects: Bool = false, caBundle: String? = nil,
        insecure: Bool = false
    ) {
        self.caBundle = caBundle
        self.insecure = insecure
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.followRedirects = followRedirects
    }
}

/// A response, with the body bounded in memory.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The first `HTTPClient.maximumBodyBytes` bytes of the body.
    public var body: [UInt8]
    /// The full body size in bytes, which exceeds `body.count` when the body was cut.
    public var bodySize: Int
    public var timings: HTTPTimings

    public func header(_ name: String) -> String? {
        headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
    }
}

/// Seconds from the start of the request to each phase, as libcurl measured them.
public struct HTTPTimings: Sendable {
    public var connect: Double
    public var firstByte: Double
    public var total: Double
}

/// A request as it went out and the response to it.
public struct HTTPExchange: Sendable {
    public var method: String
    public var url: String
    public var requestHeaders: [(name: String, value: String)]
    /// Bytes of request body sent; nil when libcurl could not tell.
    public var requestBodySize: Int?
    public var response: HTTPResponse
}
