import ConformSigV4
import Foundation
import Testing

/// A signed request from the examples in AWS's S3 API reference for single-chunk payloads.
struct S3DocExample: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let method: String
    /// The path before encoding, which starts with `/`.
    let path: String
    var query: [(name: String, value: String?)] = []
    var headers: [(name: String, value: String)] = []
    var body = ""
    let canonicalPath: String
    var canonicalQuery = ""
    let signedHeaders: String
    let payloadHash: String
    let signature: String
}

@Suite("S3 documentation examples")
struct S3DocExampleTests {
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static let signer = SigV4Signer(
        credentials: SigV4Credentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")

    static let examples: [S3DocExample] = [
        S3DocExample(
            testDescription: "GET object with range",
            method: "GET", path: "/test.txt",
            headers: [(name: "Range", value: "bytes=0-9")],
            canonicalPath: "/test.txt",
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            payloadHash: emptyBodyHash,
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        S3DocExample(
            testDescription: "PUT object",
            method: "PUT", path: "/test$file.text",
            headers: [
                (name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY"),
            ],
            body: "Welcome to Amazon S3.",
            canonicalPath: "/test%24file.text",
            signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            payloadHash: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        S3DocExample(
            testDescription: "GET bucket lifecycle",
            method: "GET", path: "/",
            query: [(name: "lifecycle", value: nil)],
            canonicalPath: "/",
            canonicalQuery: "lifecycle=",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            payloadHash: emptyBodyHash,
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        S3DocExample(
            testDescription: "GET bucket list objects",
            method: "GET", path: "/",
            query: [(name: "max-keys", value: "2"), (name: "prefix", value: "J")],
            canonicalPath: "/",
            canonicalQuery: "max-keys=2&prefix=J",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            payloadHash: emptyBodyHash,
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
    ]

    static func request(_ example: S3DocExample) -> SigV4Request {
        SigV4Request(
            method: example.method,
            encodedPath: SigV4Encoding.percentEncode(example.path, keepSlash: true),
            query: example.query,
            headers: [(name: "Host", value: "examplebucket.s3.amazonaws.com")] + example.headers,
            payloadHash: SigV4Request.payloadHash(of: Array(example.body.utf8)))
    }

    @Test("canonical request parts", arguments: examples)
    func canonicalRequestParts(_ example: S3DocExample) {
        let request = Self.signer.addingSigningHeaders(to: Self.request(example), date: Self.date)
        let lines = Self.signer.canonicalRequest(request).components(separatedBy: "\n")

        #expect(lines.first == example.method)
        #expect(lines.dropFirst(1).first == example.canonicalPath)
        #expect(lines.dropFirst(2).first == example.canonicalQuery)
        #expect(lines.contains("x-amz-content-sha256:\(example.payloadHash)"))
        #expect(lines.contains("x-amz-date:20130524T000000Z"))
        #expect(lines.dropLast().last == example.signedHeaders)
        #expect(lines.last == example.payloadHash)
    }

    @Test("signed headers and authorization", arguments: examples)
    func signsExample(_ example: S3DocExample) {
        let headers = Self.signer.sign(Self.request(example), date: Self.date)

        #expect(headers.map(\.name) == ["x-amz-date", "x-amz-content-sha256", "authorization"])
        #expect(headers.first { $0.name == "x-amz-date" }?.value == "20130524T000000Z")
        #expect(headers.first { $0.name == "x-amz-content-sha256" }?.value == example.payloadHash)
        #expect(
            headers.first { $0.name == "authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=\(example.signedHeaders), Signature=\(example.signature)")
    }
}
