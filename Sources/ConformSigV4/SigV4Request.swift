internal import ConformCrypto
import Foundation

/// The parts of an HTTP request that a SigV4 signature covers.
public struct SigV4Request: Sendable {
    /// The payload hash that S3 accepts in place of the body's SHA-256.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public var method: String
    /// The path as it goes on the wire, for example `/bucket/a%20b.txt`.
    public var encodedPath: String
    /// Decoded query parameter names and values in request order. A `nil` value is a parameter
    /// without `=`, such as `?lifecycle`.
    public var query: [(name: String, value: String?)]
    /// The headers to sign, which must include `host`. Every header here except `authorization` is
    /// signed, so leave out any header that a proxy or the HTTP library may rewrite.
    public var headers: [(name: String, value: String)]
    /// The lowercase hex SHA-256 of the body, or ``unsignedPayload``.
    public var payloadHash: String

    public init(
        method: String,
        encodedPath: String,
        query: [(name: String, value: String?)] = [],
        headers: [(name: String, value: String)],
        payloadHash: String
    ) {
        self.method = method
        self.encodedPath = encodedPath
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// Returns the lowercase hex SHA-256 of `body`, the value for ``payloadHash``.
    public static func payloadHash(of body: some DataProtocol) -> String {
        Digest.sha256(body).hexString
    }
}
