import Foundation

/// Signs HTTP requests with AWS Signature Version 4 in the `Authorization` header.
///
/// The stage functions follow the order of AWS's signing steps: ``canonicalRequest(_:)``,
/// ``stringToSign(canonicalRequest:date:)``, ``signingKey(date:)`` and
/// ``signature(stringToSign:date:)``. ``sign(_:date:)`` runs them all. No stage throws, and each
/// takes the signing date as a parameter, so tests can fix the clock.
public struct SigV4Signer: Sendable {
    /// The treatment of the path in the canonical request.
    public enum PathMode: Sendable {
        /// The path is used as given (already percent-encoded once) and never normalised, as S3
        /// requires: an object key may contain `//`, `.` or `..`.
        case s3
        /// `.` and `..` segments and empty segments are removed, then the encoded path is encoded
        /// a second time, as every AWS service other than S3 requires.
        case standard
    }

    public var credentials: SigV4Credentials
    public var region: String
    public var service: String
    public var pathMode: PathMode
    /// Whether ``sign(_:date:)`` sends and signs `x-amz-content-sha256` with the payload hash.
    ///
    /// S3 requires the header on every request. Other services do not, and AWS's generic test suite
    /// expects it absent, so the initialiser sets this to true only in ``PathMode/s3``.
    public var sendsContentSHA256: Bool

    public init(credentials: SigV4Credentials, region: String, service: String, pathMode: PathMode = .s3) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathMode = pathMode
        self.sendsContentSHA256 = pathMode == .s3
    }

    /// Returns the headers to add to `request`: `x-amz-date`, `x-amz-content-sha256` when
    /// ``sendsContentSHA256`` is set, `x-amz-security-token` when the credentials have a session
    /// token, and `authorization`, in that order.
    ///
    /// The caller replaces any header of the same name that it already has, because the signature
    /// covers these values, not the caller's.
    public func sign(_ request: SigV4Request, date: Date) -> [(name: String, value: String)] {
        let signedRequest = addingSigningHeaders(to: request, date: date)
        let canonical = canonicalRequest(signedRequest)
        let toSign = stringToSign(canonicalRequest: canonical, date: date)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(signedHeaders(signedRequest)), "
            + "Signature=\(signature(stringToSign: toSign, date: date))"
        return signingHeaders(for: request, date: date) + [(name: "authorization", value: authorization)]
    }

    /// Returns `request` with the signer's `x-amz-*` headers added, replacing any header of the same
    /// name, which is the request that ``canonicalRequest(_:)`` must see.
    public func addingSigningHeaders(to request: SigV4Request, date: Date) -> SigV4Request {
        let added = signingHeaders(for: request, date: date)
        let addedNames = Set(added.map(\.name))
        var result = request
        result.headers = request.headers.filter { !addedNames.contains($0.name.lowercased()) } + added
        return result
    }

    static let algorithm = "AWS4-HMAC-SHA256"

    /// Returns the `x-amz-*` headers that the signer adds and signs, with lowercase names.
    private func signingHeaders(for request: SigV4Request, date: Date) -> [(name: String, value: String)] {
        var headers = [(name: "x-amz-date", value: SigV4Timestamp(date).dateTime)]
        if sendsContentSHA256 {
            headers.append((name: "x-amz-content-sha256", value: request.payloadHash))
        }
        if let sessionToken = credentials.sessionToken {
            headers.append((name: "x-amz-security-token", value: sessionToken))
        }
        return headers
    }
}
