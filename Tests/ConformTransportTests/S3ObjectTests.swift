import ConformSigV4
import ConformTestSupport
import ConformTransport
import Foundation
import Testing

@Suite("S3 object HEAD, GET, PUT and DELETE against a signature-checking server")
struct S3ObjectTests {
    static let bucket = "dedup2d"

    static func deadline() -> Date { Date().addingTimeInterval(60) }

    /// Every printable ASCII character, space to `~`, in one key.
    static let printableASCII = String(String.UnicodeScalarView((0x20...0x7E).compactMap(Unicode.Scalar.init)))

    static let specialKeys = [
        "s3ops/keys/" + printableASCII,
        "s3ops/keys/a b  c ",
        "s3ops/keys/100%",
        "s3ops/keys/%41%2F",
        "s3ops/keys/a+b",
        "s3ops/keys/a=b&c=d",
        "s3ops/keys/~tilde~",
        "s3ops/keys/ünïcode-文件-😀",
        "s3ops/keys/dots/./x",
        "s3ops/keys/dots/../y",
        "s3ops/keys//double-slash",
    ]

    @Test("key round-trips put, list, head, get, delete", arguments: specialKeys)
    func keyRoundTrips(key: String) throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack)
        let body = Array("body of \(key)".utf8)

        let stored = try client.putObject(
            bucket: Self.bucket, key: key, body: .bytes(body), contentType: "text/plain", deadline: Self.deadline()
        ).get()
        #expect(stored.size == body.count)
        #expect(stored.etag?.hasPrefix("\"") == true)

        let listed = try client.listObjects(bucket: Self.bucket, prefix: key, deadline: Self.deadline()).get()
        #expect(listed.map(\.key).contains(key))

        let info = try client.headObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(info.size == body.count)
        #expect(info.contentType == "text/plain")
        #expect(info.etag == stored.etag)
        #expect(info.lastModified != nil)

        let content = try client.getObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(content.body == body)
        #expect(content.info.size == body.count)
        #expect(content.info.etag == stored.etag)

        try client.deleteObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        let afterDelete = client.headObject(bucket: Self.bucket, key: key, deadline: Self.deadline())
        guard case .failure(.service(404, "NoSuchKey", _, _)) = afterDelete else {
            Issue.record("expected 404 NoSuchKey after the delete, got \(afterDelete)")
            return
        }
    }

    @Test("HEAD of a missing key names NoSuchKey")
    func headOfMissingKey() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack).headObject(bucket: Self.bucket, key: "s3ops/missing/head", deadline: Self.deadline())
        guard case .failure(let error) = result, case .service(let status, let code, _, _) = error else {
            Issue.record("expected an S3 error, got \(result)")
            return
        }
        #expect(status == 404)
        #expect(code == "NoSuchKey")
        #expect(error.description.hasPrefix("S3 returned 404 NoSuchKey: no object at this key, or no such bucket"))
    }

    @Test("GET of a missing key names NoSuchKey")
    func getOfMissingKey() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack).getObject(bucket: Self.bucket, key: "s3ops/missing/get", deadline: Self.deadline())
        guard case .failure(.service(let status, let code, let message, _)) = result else {
            Issue.record("expected an S3 error document, got \(result)")
            return
        }
        #expect(status == 404)
        #expect(code == "NoSuchKey")
        #expect(!message.isEmpty)
    }

    @Test("GET from a missing bucket names NoSuchBucket")
    func getFromMissingBucket() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack).getObject(bucket: "s3ops-no-such-bucket", key: "a", deadline: Self.deadline())
        guard case .failure(.service(404, let code, _, _)) = result else {
            Issue.record("expected a 404 error document, got \(result)")
            return
        }
        #expect(code == "NoSuchBucket")
    }

    @Test("a wrong secret names SignatureDoesNotMatch on PUT and GET")
    func wrongSecretIsNamed() throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack, secret: "not-the-secret")

        let put = client.putObject(bucket: Self.bucket, key: "s3ops/denied/put", body: .bytes(Array("x".utf8)), deadline: Self.deadline())
        guard case .failure(.service(let putStatus, let putCode, _, _)) = put else {
            Issue.record("expected an S3 error document for PUT, got \(put)")
            return
        }
        #expect(putStatus == 403)
        #expect(putCode == "SignatureDoesNotMatch")

        let get = client.getObject(bucket: Self.bucket, key: "s3ops/denied/put", deadline: Self.deadline())
        guard case .failure(.service(_, let getCode, _, _)) = get else {
            Issue.record("expected an S3 error document for GET, got \(get)")
            return
        }
        #expect(getCode == "SignatureDoesNotMatch")
    }

    @Test("HEAD with a wrong secret names Forbidden")
    func headWithWrongSecret() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack, secret: "not-the-secret")
            .headObject(bucket: Self.bucket, key: "s3ops/denied/head", deadline: Self.deadline())
        guard case .failure(.service(let status, let code, _, _)) = result else {
            Issue.record("expected an S3 error, got \(result)")
            return
        }
        #expect(status == 403)
        #expect(code == "Forbidden")
    }

    @Test("an empty object round-trips")
    func emptyObject() throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack)
        let key = "s3ops/empty/object"

        let stored = try client.putObject(bucket: Self.bucket, key: key, body: .bytes([]), deadline: Self.deadline()).get()
        #expect(stored.size == 0)
        #expect(stored.contentType == "application/octet-stream")
        // The MD5 of zero bytes, which S3 uses as the ETag of a single-part upload.
        #expect(stored.etag == "\"d41d8cd98f00b204e9800998ecf8427e\"")

        let info = try client.headObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(info.size == 0)
        #expect(info.contentType == "application/octet-stream")

        let content = try client.getObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(content.body.isEmpty)
        #expect(content.info.size == 0)
        try client.deleteObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
    }

    @Test("a file is streamed and its type guessed")
    func fileUpload() throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s3ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("drawing.png")
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        try Data(bytes).write(to: file)
        let key = "s3ops/file/drawing.png"

        let stored = try client.putObject(bucket: Self.bucket, key: key, body: .file(path: file.path), deadline: Self.deadline()).get()
        #expect(stored.size == bytes.count)
        #expect(stored.contentType == "image/png")

        let content = try client.getObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(content.info.size == bytes.count)
        #expect(content.info.contentType == "image/png")
        #expect(content.body == bytes)
        try client.deleteObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
    }

    @Test("a large GET keeps the size but bounds the body")
    func largeGetIsBounded() throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack)
        let size = HTTPClient.maximumBodyBytes + 100_000
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
        let key = "s3ops/large/object.bin"
        _ = try client.putObject(bucket: Self.bucket, key: key, body: .bytes(bytes), deadline: Self.deadline()).get()

        let content = try client.getObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        #expect(content.info.size == size)
        #expect(content.body.count == HTTPClient.maximumBodyBytes)
        #expect(content.body == Array(bytes.prefix(HTTPClient.maximumBodyBytes)))
        try client.deleteObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
    }

    @Test("user metadata round-trips in lowercase")
    func metadataRoundTrips() throws {
        let stack = try ReferenceStack.shared()
        let client = try S3ClientTests.client(stack)
        let key = "s3ops/metadata/object"
        _ = try client.putObject(
            bucket: Self.bucket, key: key, body: .bytes(Array("m".utf8)),
            metadata: [(name: "owner", value: "qa team"), (name: "Run-Id", value: "42")], deadline: Self.deadline()
        ).get()

        let info = try client.headObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
        let metadata = Dictionary(info.metadata.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(metadata == ["owner": "qa team", "run-id": "42"])
        try client.deleteObject(bucket: Self.bucket, key: key, deadline: Self.deadline()).get()
    }

    @Test("deleting a missing key succeeds")
    func deleteOfMissingKey() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack).deleteObject(bucket: Self.bucket, key: "s3ops/missing/delete", deadline: Self.deadline())
        #expect((try? result.get()) != nil)
    }

    @Test("an empty key is rejected before sending", arguments: ["head", "get", "put", "delete"])
    func emptyKeyIsRejected(operation: String) throws {
        // No server: the request must not be sent at all.
        let configuration = S3Client.Configuration(
            endpoint: "http://127.0.0.1:9", region: "us-east-1",
            credentials: SigV4Credentials(accessKeyID: "a", secretAccessKey: "b"))
        let client = S3Client(configuration: configuration, http: try HTTPClient())
        let error: S3Error?
        switch operation {
        case "head": error = client.headObject(bucket: "b", key: "", deadline: Self.deadline()).failure
        case "get": error = client.getObject(bucket: "b", key: "", deadline: Self.deadline()).failure
        case "put": error = client.putObject(bucket: "b", key: "", body: .bytes([]), deadline: Self.deadline()).failure
        default: error = client.deleteObject(bucket: "b", key: "", deadline: Self.deadline()).failure
        }
        guard case .invalidRequest(let message) = error else {
            Issue.record("expected invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(message == "the object key is empty, but S3 needs a key of at least one character")
    }

    @Test("an unreadable file is named")
    func unreadableFile() throws {
        let stack = try ReferenceStack.shared()
        let result = try S3ClientTests.client(stack).putObject(
            bucket: Self.bucket, key: "s3ops/file/missing", body: .file(path: "/nonexistent/s3ops/file.bin"), deadline: Self.deadline())
        guard case .failure(.invalidRequest(let message)) = result else {
            Issue.record("expected invalidRequest, got \(result)")
            return
        }
        #expect(message == "cannot read file '/nonexistent/s3ops/file.bin' to put at s3://dedup2d/s3ops/file/missing")
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
