import ConformSigV4
import Foundation

/// Lists, reads, writes and deletes S3 objects over `HTTPClient`, signing each request with
/// conform's SigV4 signer.
public final class S3Client {
    public struct Configuration: Sendable {
        public var endpoint: String
        public var region: String
        public var credentials: SigV4Credentials
        /// Path style (`endpoint/bucket/key`, what MinIO expects) unless virtual-hosted is asked for.
        public var virtualHosted: Bool

        public init(endpoint: String, region: String, credentials: SigV4Credentials, virtualHosted: Bool = false) {
            self.endpoint = endpoint
            self.region = region
            self.credentials = credentials
            self.virtualHosted = virtualHosted
        }
    }

    /// One listed object.
    public struct Object: Sendable {
        public var key: String
        public var size: Int
    }

    private let configuration: Configuration
    private let http: HTTPClient
    private let clock: @Sendable () -> Date

    public init(configuration: Configuration, http: HTTPClient, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.http = http
        self.clock = clock
    }

    /// Lists every object under `prefix`, following continuation tokens until the listing ends.
    ///
    /// `deadline` bounds all pages together; each request's timeout is clamped to the time left.
    public func listObjects(bucket: String, prefix: String, deadline: Date) -> Result<[Object], S3Error> {
        var objects: [Object] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String?)] = [("list-type", "2"), ("encoding-type", "url"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }

            let response: HTTPResponse
            switch send(method: "GET", bucket: bucket, key: nil, query: query, deadline: deadline) {
            case .success(let value): response = value
            case .failure(let error): return .failure(error)
            }
            guard response.status == 200 else { return .failure(S3Error.service(response)) }

            let page: ListBucketResult
            do {
                page = try ListBucketResult.parse(response.body)
            } catch {
                return .failure(.invalidResponse("ListObjectsV2 returned XML that cannot be read: \(error)"))
            }
            objects += page.objects
            token = page.isTruncated ? page.nextContinuationToken : nil
            if page.isTruncated, token == nil {
                return .failure(.invalidResponse("ListObjectsV2 said the listing is truncated but gave no continuation token"))
            }
        } while token != nil
        return .success(objects)
    }

    /// Signs and sends one request. `headers` whose names start with `x-amz-` are signed, and others,
    /// such as `Content-Type`, are sent unsigned. `payloadHash` must describe `body`.
    func send(
        method: String, bucket: String, key: String?, query: [(name: String, value: String?)] = [],
        headers extraHeaders: [(name: String, value: String)] = [], body: HTTPRequest.Body = .empty,
        payloadHash: String = SigV4Request.payloadHash(of: [UInt8]()), deadline: Date
    ) -> Result<HTTPResponse, S3Error> {
        guard let endpoint = URLComponents(string: configuration.endpoint), let host = endpoint.host,
            let scheme = endpoint.scheme
        else {
            return .failure(.invalidResponse("invalid S3 endpoint '\(configuration.endpoint)'; write it as http://host:port"))
        }
        let hostHeader = (configuration.virtualHosted ? "\(bucket)." : "") + host + (endpoint.port.map { ":\($0)" } ?? "")
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        var path = basePath + (configuration.virtualHosted ? "" : "/" + SigV4Encoding.percentEncode(bucket))
        // The key is encoded once, here, and the same text goes into the URL and the signature.
        path += "/" + (key.map { SigV4Encoding.percentEncode($0, keepSlash: true) } ?? "")

        let queryText = query.map { item in
            SigV4Encoding.percentEncode(item.name) + (item.value.map { "=" + SigV4Encoding.percentEncode($0) } ?? "")
        }.joined(separator: "&")
        let url = "\(scheme)://\(hostHeader)\(path)" + (queryText.isEmpty ? "" : "?" + queryText)

        let amazonHeaders = extraHeaders.filter { $0.name.lowercased().hasPrefix("x-amz-") }
            .map { (name: $0.name.lowercased(), value: $0.value) }
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        let unsigned = SigV4Request(
            method: method, encodedPath: path, query: query, headers: [("host", hostHeader)] + amazonHeaders,
            payloadHash: payloadHash)
        let signed = signer.sign(unsigned, date: clock())
        let otherHeaders = extraHeaders.filter { !$0.name.lowercased().hasPrefix("x-amz-") }
        let headers = otherHeaders + amazonHeaders + signed.map { (name: $0.name, value: $0.value) }

        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else {
            return .failure(.transport(TransportError(phase: .timeout, code: 0, message: "deadline passed before the request", url: url)))
        }
        // NOTE: one request may take at most 30 s, as an http step's default 'timeout'. A larger
        // object than that allows cannot be transferred yet.
        var request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, connectTimeout: min(10, remaining),
            totalTimeout: min(30, remaining))
        request.decodesContent = false
        request.keepsPathAsIs = true
        switch http.perform(request) {
        case .success(let exchange): return .success(exchange.response)
        case .failure(let error): return .failure(.transport(error))
        }
    }
}

/// The reason an S3 call failed: the transport, an S3 error document, a response that cannot be
/// read, or a request that conform rejects before sending.
public enum S3Error: Error, Sendable, CustomStringConvertible {
    case transport(TransportError)
    case service(status: Int, code: String, message: String, requestID: String?)
    case invalidResponse(String)
    case invalidRequest(String)

    static func service(_ response: HTTPResponse) -> S3Error {
        let document = S3ErrorDocument.parse(response.body)
        return .service(
            status: response.status, code: document?.code ?? "HTTP \(response.status)",
            message: document?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self),
            requestID: document?.requestID ?? response.header("x-amz-request-id"))
    }

    public var description: String {
        switch self {
        case .transport(let error):
            return error.description
        case .service(let status, let code, let message, let requestID):
            return "S3 returned \(status) \(code): \(message)" + (requestID.map { " (request id \($0))" } ?? "")
        case .invalidResponse(let message), .invalidRequest(let message):
            return message
        }
    }
}
