import ConformSigV4
import Foundation
import Testing

@Suite("SigV4Signer stages")
struct SigV4SignerTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let credentials = SigV4Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func standardSigner(service: String = "service") -> SigV4Signer {
        SigV4Signer(credentials: credentials, region: "us-east-1", service: service, pathMode: .standard)
    }

    static func request(path: String = "/", headers: [(name: String, value: String)] = []) -> SigV4Request {
        SigV4Request(
            method: "GET", encodedPath: path,
            headers: [(name: "Host", value: "example.amazonaws.com")] + headers, payloadHash: emptyBodyHash)
    }

    /// The worked example in AWS's General Reference: IAM `ListUsers`, signed on 2015-08-30.
    @Test("IAM ListUsers example")
    func iamExample() {
        let signer = Self.standardSigner(service: "iam")
        let request = SigV4Request(
            method: "GET", encodedPath: "/",
            query: [(name: "Version", value: "2010-05-08"), (name: "Action", value: "ListUsers")],
            headers: [
                (name: "Host", value: "iam.amazonaws.com"),
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            ],
            payloadHash: Self.emptyBodyHash)

        let canonicalRequest = signer.canonicalRequest(signer.addingSigningHeaders(to: request, date: Self.date))
        #expect(
            canonicalRequest == """
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)

        let stringToSign = signer.stringToSign(canonicalRequest: canonicalRequest, date: Self.date)
        #expect(
            stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/iam/aws4_request
                f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
                """)

        let key = signer.signingKey(date: Self.date).map { String($0, radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(key == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")

        let signature = signer.signature(stringToSign: stringToSign, date: Self.date)
        #expect(signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")

        #expect(
            signer.sign(request, date: Self.date).last?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=\(signature)")
    }

    @Test(
        "timestamp and credential scope",
        arguments: [
            (1_440_938_160.0, "20150830T123600Z", "20150830/us-east-1/service/aws4_request"),
            (1_440_979_199.9, "20150830T235959Z", "20150830/us-east-1/service/aws4_request"),
            (1_440_979_200.0, "20150831T000000Z", "20150831/us-east-1/service/aws4_request"),
            (946_684_800.0, "20000101T000000Z", "20000101/us-east-1/service/aws4_request"),
        ])
    func timestamp(seconds: Double, dateTime: String, scope: String) {
        let date = Date(timeIntervalSince1970: seconds)
        let signer = Self.standardSigner()

        #expect(signer.sign(Self.request(), date: date).first { $0.name == "x-amz-date" }?.value == dateTime)
        #expect(signer.credentialScope(date: date) == scope)
        #expect(
            signer.stringToSign(canonicalRequest: "", date: date).components(separatedBy: "\n").dropFirst().first
                == dateTime)
    }

    @Test(
        "canonical headers",
        arguments: [
            (
                [(name: "X-Zeta", value: "1"), (name: "a-Alpha", value: "2")],
                ["a-alpha:2", "host:example.amazonaws.com", "x-zeta:1"]
            ),
            ([(name: "My-Header", value: "  a \t  b   c  ")], ["host:example.amazonaws.com", "my-header:a b c"]),
            ([(name: "My-Header", value: "\"a   b\"")], ["host:example.amazonaws.com", "my-header:\"a b\""]),
            (
                [(name: "My-Header", value: "z"), (name: "my-header", value: " y "), (name: "MY-HEADER", value: "x")],
                ["host:example.amazonaws.com", "my-header:z,y,x"]
            ),
            ([(name: "My-Empty", value: "   ")], ["host:example.amazonaws.com", "my-empty:"]),
            ([(name: "Authorization", value: "AWS4-HMAC-SHA256 stale")], ["host:example.amazonaws.com"]),
        ] as [([(name: String, value: String)], [String])])
    func canonicalHeaders(headers: [(name: String, value: String)], expectedLines: [String]) {
        let signer = Self.standardSigner()
        let lines = signer.canonicalRequest(Self.request(headers: headers)).components(separatedBy: "\n")

        #expect(Array(lines.dropFirst(3).prefix(expectedLines.count)) == expectedLines)
        #expect(lines.dropFirst(3 + expectedLines.count).first == "")
        #expect(lines.dropLast().last == expectedLines.map { String($0.prefix { $0 != ":" }) }.joined(separator: ";"))
    }

    @Test(
        "standard mode normalises the path",
        arguments: [
            ("", "/"),
            ("/a/b/../c", "/a/c"),
            ("/a/b/..", "/a/"),
            ("/../a", "/a"),
            ("/a/./", "/a/"),
            ("/a//b///c", "/a/b/c"),
            ("/a%2Fb", "/a%252Fb"),
        ])
    func normalisesPath(path: String, expected: String) {
        let lines = Self.standardSigner().canonicalRequest(Self.request(path: path)).components(separatedBy: "\n")
        #expect(lines.dropFirst().first == expected)
    }

    @Test("signer headers replace the request's")
    func replacesExistingHeaders() {
        var credentials = Self.credentials
        credentials.sessionToken = "new-token"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let request = Self.request(headers: [
            (name: "X-Amz-Date", value: "20000101T000000Z"),
            (name: "X-Amz-Security-Token", value: "old-token"),
            (name: "x-amz-content-sha256", value: "stale"),
        ])

        let signed = signer.addingSigningHeaders(to: request, date: Self.date)
        #expect(signed.headers.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value) == ["20150830T123600Z"])
        #expect(signed.headers.filter { $0.name.lowercased() == "x-amz-security-token" }.map(\.value) == ["new-token"])
        #expect(
            signed.headers.filter { $0.name.lowercased() == "x-amz-content-sha256" }.map(\.value) == [
                Self.emptyBodyHash
            ])
        #expect(signed.headers.first?.name == "Host")
    }

    @Test("content hash header follows the flag")
    func contentHashFlag() {
        var signer = Self.standardSigner()
        #expect(!signer.sendsContentSHA256)
        #expect(!signer.sign(Self.request(), date: Self.date).contains { $0.name == "x-amz-content-sha256" })

        signer.sendsContentSHA256 = true
        let headers = signer.sign(Self.request(), date: Self.date)
        #expect(headers.first { $0.name == "x-amz-content-sha256" }?.value == Self.emptyBodyHash)
        #expect(headers.last?.value.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,") == true)

        let s3Signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        #expect(s3Signer.sendsContentSHA256)
    }

    @Test("payload hash of body")
    func payloadHash() {
        #expect(SigV4Request.payloadHash(of: [UInt8]()) == Self.emptyBodyHash)
        #expect(
            SigV4Request.payloadHash(of: Array("Welcome to Amazon S3.".utf8))
                == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
    }
}
