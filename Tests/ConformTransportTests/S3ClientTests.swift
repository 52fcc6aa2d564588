import ConformSigV4
import ConformTestSupport
import ConformTransport
import Foundation
import Testing

@Suite("S3 ListObjectsV2 against a signature-checking server")
struct S3ClientTests {
    static func client(_ stack: ReferenceStack, secret: String? = nil, accessKey: String? = nil) throws -> S3Client {
        let configuration = S3Client.Configuration(
            endpoint: try #require(stack.environment["DEDUP2D_S3_ENDPOINT"]), region: "us-east-1",
            credentials: SigV4Credentials(
                accessKeyID: try accessKey ?? #require(stack.environment["AWS_ACCESS_KEY_ID"]),
                secretAccessKey: try secret ?? #require(stack.environment["AWS_SECRET_ACCESS_KEY"])))
        return S3Client(configuration: configuration, http: try HTTPClient())
    }

    /// Puts objects with boto3 from the stack's venv, an S3 client independent of conform's.
    static func put(_ keys: [String], stack: ReferenceStack) throws {
        let script = """
            import json, sys, os, boto3
            from concurrent.futures import ThreadPoolExecutor
            s3 = boto3.client("s3", endpoint_url=os.environ["DEDUP2D_S3_ENDPOINT"], region_name="us-east-1",
                              aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
            keys = json.load(sys.stdin)
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda k: s3.put_object(Bucket=os.environ["DEDUP2D_S3_BUCKET"], Key=k, Body=b"x"), keys))
            """
        let keysFile = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: keys).write(to: keysFile)
        let python = Repository.root.appendingPathComponent("Fixtures/stack/.venv/bin/python").path
        let environment = ProcessInfo.processInfo.environment.merging(stack.environment) { $1 }
        let result = try Subprocess.run("/bin/sh", ["-c", "\"$0\" -c \"$1\" < \"$2\"", python, script, keysFile.path], environment: environment)
        #expect(result.status == 0, "boto3 put failed: \(result.error)")
    }

    static func deadline() -> Date { Date().addingTimeInterval(60) }

    @Test("an empty prefix lists nothing")
    func emptyPrefixListsNothing() throws {
        let stack = try ReferenceStack.shared()
        let objects = try Self.client(stack).listObjects(bucket: "dedup2d", prefix: "nothing-here/", deadline: Self.deadline()).get()
        #expect(objects.isEmpty)
    }

    @Test("follows continuation tokens past 1,000 keys")
    func followsContinuationTokens() throws {
        let stack = try ReferenceStack.shared()
        // Prefixes that hold exactly 1,000, 2,000 and 2,500 keys: page boundaries are where an
        // off-by-one in token handling shows.
        let keys = (0..<2_000).map { String(format: "many/a%04d", $0) } + (0..<500).map { String(format: "many/b%03d", $0) }
        try Self.put(keys, stack: stack)
        try Self.put(["other/one"], stack: stack)
        let client = try Self.client(stack)

        let all = try client.listObjects(bucket: "dedup2d", prefix: "many/", deadline: Self.deadline()).get()
        let twoThousand = try client.listObjects(bucket: "dedup2d", prefix: "many/a", deadline: Self.deadline()).get()
        let oneThousand = try client.listObjects(bucket: "dedup2d", prefix: "many/a0", deadline: Self.deadline()).get()

        #expect(all.count == 2_500)
        #expect(all.map(\.key) == keys)
        #expect(twoThousand.count == 2_000)
        #expect(oneThousand.count == 1_000)
    }

    @Test("keys with special characters round-trip")
    func specialKeysRoundTrip() throws {
        let stack = try ReferenceStack.shared()
        let keys = ["odd/a b", "odd/plus+sign", "odd/per%25cent", "odd/tilde~", "odd/eq=ual", "odd/ünïcode-文件", "odd/semi;colon", "odd/q?mark"]
        try Self.put(keys, stack: stack)

        let objects = try Self.client(stack).listObjects(bucket: "dedup2d", prefix: "odd/", deadline: Self.deadline()).get()

        #expect(Set(objects.map(\.key)) == Set(keys))
    }

    @Test("a wrong secret names SignatureDoesNotMatch")
    func wrongSecretIsNamed() throws {
        let stack = try ReferenceStack.shared()
        let result = try Self.client(stack, secret: "not-the-secret").listObjects(bucket: "dedup2d", prefix: "", deadline: Self.deadline())
        guard case .failure(.service(let status, let code, _, _)) = result else {
            Issue.record("expected an S3 error document, got \(result)")
            return
        }
        #expect(status == 403)
        #expect(code == "SignatureDoesNotMatch")
    }

    @Test("an unknown access key names InvalidAccessKeyId")
    func unknownKeyIsNamed() throws {
        let stack = try ReferenceStack.shared()
        let result = try Self.client(stack, accessKey: "AKIAUNKNOWN000000000").listObjects(bucket: "dedup2d", prefix: "", deadline: Self.deadline())
        guard case .failure(.service(_, let code, _, _)) = result else {
            Issue.record("expected an S3 error document, got \(result)")
            return
        }
        #expect(code == "InvalidAccessKeyId")
    }
}
