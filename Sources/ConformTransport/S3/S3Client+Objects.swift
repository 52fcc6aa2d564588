import ConformCrypto
import ConformSigV4
import Foundation

extension S3Client {
    /// An object's system and user metadata, read from the headers of a HEAD or GET response.
    public struct ObjectInfo: Sendable {
        /// The object's size in bytes.
        public var size: Int
        public var contentType: String?
        /// The `ETag` header as S3 sent it, quotes included.
        public var etag: String?
        /// The `Last-Modified` header as S3 sent it, an HTTP date.
        public var lastModified: String?
        /// The `x-amz-meta-*` headers with the prefix removed, names in lowercase.
        public var metadata: [(name: String, value: String)]

        init(_ response: HTTPResponse, bodySize: Int?) {
            let length = response.header("Content-Length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            size = length ?? bodySize ?? 0
            contentType = response.header("Content-Type")
            etag = response.header("ETag")
            lastModified = response.header("Last-Modified")
            metadata = response.headers.compactMap { header in
                let name = header.name.lowercased()
                guard name.hasPrefix(S3Client.metadataPrefix) else { return nil }
                return (name: String(name.dropFirst(S3Client.metadataPrefix.count)), value: header.value)
            }
        }
    }

    /// An object read by GET.
    public struct ObjectContent: Sendable {
        public var info: ObjectInfo
        /// The first `HTTPClient.maximumBodyBytes` bytes of the object. `info.size` is the whole size.
        public var body: [UInt8]
    }

    /// The bytes of an object to put.
    public enum ObjectBody: Sendable {
        case bytes([UInt8])
        /// A file streamed from disk while sending.
        case file(path: String)
    }

    /// The result of a PUT.
    public struct PutObjectResult: Sendable {
        /// The `ETag` header as S3 sent it, quotes included.
        public var etag: String?
        /// The bytes sent.
        public var size: Int
        /// The content type sent.
        public var contentType: String
    }

    static let metadataPrefix = "x-amz-meta-"

    /// Reads an object's metadata with HEAD.
    ///
    /// A HEAD response has no body, so S3 cannot send an error document. A 404 becomes `.service`
    /// with the code `NoSuchKey`, also when the bucket is missing, because the status cannot tell
    /// the two apart. A 403 becomes `Forbidden`.
    public func headObject(bucket: String, key: String, deadline: Date) -> Result<ObjectInfo, S3Error> {
        if let error = Self.checkKey(key) { return .failure(error) }
        return send(method: "HEAD", bucket: bucket, key: key, deadline: deadline).flatMap { response in
            guard response.status == 200 else { return .failure(S3Error.headFailure(response)) }
            return .success(ObjectInfo(response, bodySize: nil))
        }
    }

    /// Reads an object with GET. The body is kept up to `HTTPClient.maximumBodyBytes`, like an HTTP
    /// response, and returned as stored, without decoding any `Content-Encoding`.
    public func getObject(bucket: String, key: String, deadline: Date) -> Result<ObjectContent, S3Error> {
        if let error = Self.checkKey(key) { return .failure(error) }
        return send(method: "GET", bucket: bucket, key: key, deadline: deadline).flatMap { response in
            guard response.status == 200 else { return .failure(S3Error.service(response)) }
            return .success(ObjectContent(info: ObjectInfo(response, bodySize: response.bodySize), body: response.body))
        }
    }

    /// Writes an object with a single PUT.
    ///
    /// The request is signed with the SHA-256 of the body, never `UNSIGNED-PAYLOAD`, so a server that
    /// checks the hash, as AWS S3 does, rejects a body that differs from the one signed. A file is
    /// therefore read twice, once in chunks to hash it and once while sending. Neither read keeps the
    /// whole file in memory. `metadata` names are sent
    /// as `x-amz-meta-<name>` headers and must be header-safe ASCII, which the caller checks.
    ///
    /// Without `contentType`, a file's type is guessed from its extension and bytes are sent as
    /// `application/octet-stream`.
    public func putObject(
        bucket: String, key: String, body: ObjectBody, contentType: String? = nil,
        metadata: [(name: String, value: String)] = [], deadline: Date
    ) -> Result<PutObjectResult, S3Error> {
        if let error = Self.checkKey(key) { return .failure(error) }

        let payloadHash: String
        let requestBody: HTTPRequest.Body
        let size: Int
        let sentType: String
        switch body {
        case .bytes(let bytes):
            sentType = contentType ?? "application/octet-stream"
            payloadHash = SigV4Request.payloadHash(of: bytes)
            requestBody = .bytes(bytes, contentType: sentType)
            size = bytes.count
        case .file(let path):
            do {
                payloadHash = try Digest.sha256(contentsOfFile: path).hexString
            } catch {
                return .failure(.invalidRequest("cannot read file '\(path)' to put at s3://\(bucket)/\(key)"))
            }
            sentType = contentType ?? MediaType.guess(forPath: path)
            requestBody = .file(path: path, contentType: sentType)
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }

        let headers = metadata.map { (name: Self.metadataPrefix + $0.name.lowercased(), value: $0.value) }
        return send(
            method: "PUT", bucket: bucket, key: key, headers: headers, body: requestBody, payloadHash: payloadHash,
            deadline: deadline
        ).flatMap { response in
            guard response.status == 200 else { return .failure(S3Error.service(response)) }
            return .success(PutObjectResult(etag: response.header("ETag"), size: size, contentType: sentType))
        }
    }

    /// Deletes an object. S3 returns 204 whether or not the object existed.
    public func deleteObject(bucket: String, key: String, deadline: Date) -> Result<Void, S3Error> {
        if let error = Self.checkKey(key) { return .failure(error) }
        return send(method: "DELETE", bucket: bucket, key: key, deadline: deadline).flatMap { response in
            guard response.status == 204 || response.status == 200 else { return .failure(S3Error.service(response)) }
            return .success(())
        }
    }

    /// Rejects an empty key, because the same request without a key addresses the bucket: a PUT
    /// would create it and a DELETE would delete it.
    private static func checkKey(_ key: String) -> S3Error? {
        key.isEmpty ? .invalidRequest("the object key is empty, but S3 needs a key of at least one character") : nil
    }
}

extension S3Error {
    /// Names the error of a failed HEAD from its status, because the response has no body.
    static func headFailure(_ response: HTTPResponse) -> S3Error {
        let requestID = response.header("x-amz-request-id")
        switch response.status {
        case 404:
            return .service(
                status: 404, code: "NoSuchKey",
                message: "no object at this key, or no such bucket, because a HEAD response has no error document to tell them apart",
                requestID: requestID)
        case 403:
            return .service(
                status: 403, code: "Forbidden",
                message: "access denied, so check the credentials, the signature and the bucket policy (a HEAD response has no error document with the reason)",
                requestID: requestID)
        default:
            return .service(
                status: response.status, code: "HTTP \(response.status)", message: "a HEAD response has no error document",
                requestID: requestID)
        }
    }
}
