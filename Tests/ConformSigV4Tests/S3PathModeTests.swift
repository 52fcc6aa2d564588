import ConformSigV4
import Foundation
import Testing

/// The S3 rules: the key is encoded once and never normalised, the payload hash is always sent,
/// value-less query parameters get `=`, and a session token is signed.
@Suite("S3 path mode")
struct S3PathModeTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let credentials = SigV4Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func request(
        path: String, query: [(name: String, value: String?)] = [], payloadHash: String = emptyBodyHash
    ) -> SigV4Request {
        SigV4Request(
            method: "GET", encodedPath: path, query: query,
            headers: [(name: "Host", value: "bucket.s3.amazonaws.com")], payloadHash: payloadHash)
    }

    /// Returns the canonical request's lines, with the signer's headers added first.
    static func canonicalLines(_ request: SigV4Request, signer: SigV4Signer = signer) -> [String] {
        signer.canonicalRequest(signer.addingSigningHeaders(to: request, date: date))
            .components(separatedBy: "\n")
    }

    @Test(
        "key is encoded once",
        arguments: [
            ("a b.txt", "/a%20b.txt"),
            ("a+b=c", "/a%2Bb%3Dc"),
            ("100%", "/100%25"),
            ("100%25", "/100%2525"),
            ("~user/notes", "/~user/notes"),
            ("café/ü.txt", "/caf%C3%A9/%C3%BC.txt"),
            ("日本.txt", "/%E6%97%A5%E6%9C%AC.txt"),
            ("a&b$c@d:e,f;g?h#i", "/a%26b%24c%40d%3Ae%2Cf%3Bg%3Fh%23i"),
        ])
    func encodesKeyOnce(key: String, expectedPath: String) {
        let encodedPath = SigV4Encoding.percentEncode("/" + key, keepSlash: true)
        #expect(encodedPath == expectedPath)

        let lines = Self.canonicalLines(Self.request(path: encodedPath))
        #expect(lines.dropFirst(1).first == expectedPath)
    }

    @Test(
        "path is never normalised",
        arguments: ["/a//b", "/a/./b", "/a/b/../c", "//", "/a/", "/example/..", "/./"])
    func keepsPathAsGiven(path: String) {
        let lines = Self.canonicalLines(Self.request(path: path))
        #expect(lines.dropFirst(1).first == path)
    }

    @Test("empty path becomes root")
    func emptyPath() {
        let lines = Self.canonicalLines(Self.request(path: ""))
        #expect(lines.dropFirst(1).first == "/")
    }

    @Test("standard mode encodes the path again")
    func standardModeEncodesTwice() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3", pathMode: .standard)
        let normalised = Self.canonicalLines(Self.request(path: "/a%20b/../c+d"), signer: signer)
        #expect(normalised.dropFirst(1).first == "/c%2Bd")

        let encodedTwice = Self.canonicalLines(Self.request(path: "/a%20b"), signer: signer)
        #expect(encodedTwice.dropFirst(1).first == "/a%2520b")
    }

    @Test(
        "canonical query",
        arguments: [
            ([(name: "uploads", value: nil)], "uploads="),
            ([(name: "prefix", value: "")], "prefix="),
            (
                [
                    (name: "list-type", value: "2"), (name: "prefix", value: ""), (name: "delimiter", value: "/"),
                    (name: "uploads", value: nil),
                ],
                "delimiter=%2F&list-type=2&prefix=&uploads="
            ),
            ([(name: "a", value: "2"), (name: "a", value: "10"), (name: "a", value: nil)], "a=&a=10&a=2"),
            ([(name: "q", value: "a b+c=d&e")], "q=a%20b%2Bc%3Dd%26e"),
            // Sorted by encoded name: `%` (0x25) comes before letters, whatever the decoded text.
            ([(name: "Z", value: "1"), (name: "ä", value: "2"), (name: "b", value: "3")], "%C3%A4=2&Z=1&b=3"),
            ([(name: "b", value: "1"), (name: "a-b", value: "2"), (name: "a", value: "3")], "a=3&a-b=2&b=1"),
            ([(name: "versionId", value: "3/L4kqtJl40Nr8X8gdRQBpUMLUo")], "versionId=3%2FL4kqtJl40Nr8X8gdRQBpUMLUo"),
        ] as [([(name: String, value: String?)], String)])
    func canonicalQuery(query: [(name: String, value: String?)], expected: String) {
        let lines = Self.canonicalLines(Self.request(path: "/", query: query))
        #expect(lines.dropFirst(2).first == expected)
    }

    @Test("payload hash header is signed")
    func signsPayloadHash() {
        let lines = Self.canonicalLines(Self.request(path: "/key"))
        #expect(lines.contains("x-amz-content-sha256:\(Self.emptyBodyHash)"))
        #expect(lines.dropLast().last == "host;x-amz-content-sha256;x-amz-date")

        let headers = Self.signer.sign(Self.request(path: "/key"), date: Self.date)
        #expect(headers.first { $0.name == "x-amz-content-sha256" }?.value == Self.emptyBodyHash)
    }

    @Test("unsigned payload")
    func unsignedPayload() {
        let request = Self.request(path: "/key", payloadHash: SigV4Request.unsignedPayload)
        let lines = Self.canonicalLines(request)
        #expect(lines.contains("x-amz-content-sha256:UNSIGNED-PAYLOAD"))
        #expect(lines.last == "UNSIGNED-PAYLOAD")

        let headers = Self.signer.sign(request, date: Self.date)
        #expect(headers.first { $0.name == "x-amz-content-sha256" }?.value == "UNSIGNED-PAYLOAD")
    }

    @Test("session token is sent and signed")
    func signsSessionToken() {
        var credentials = Self.credentials
        credentials.sessionToken = "FQoGZXIvYXdzEXAMPLE/token+with=chars"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")

        let lines = Self.canonicalLines(Self.request(path: "/key"), signer: signer)
        #expect(lines.contains("x-amz-security-token:FQoGZXIvYXdzEXAMPLE/token+with=chars"))
        #expect(lines.dropLast().last == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")

        let headers = signer.sign(Self.request(path: "/key"), date: Self.date)
        #expect(headers.map(\.name) == ["x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization"])
        #expect(headers.first { $0.name == "x-amz-security-token" }?.value == "FQoGZXIvYXdzEXAMPLE/token+with=chars")
        let authorization = headers.first { $0.name == "authorization" }?.value ?? ""
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
    }
}
