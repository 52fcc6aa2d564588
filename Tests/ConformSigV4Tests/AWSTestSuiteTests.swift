import ConformSigV4
import Foundation
import Testing

/// One case of AWS's SigV4 test suite, in `.standard` path mode with service `service`.
struct AWSSuiteCase: Sendable, CustomTestStringConvertible {
    enum SessionToken: Sendable {
        case none
        case value(String)
        /// The token is the request's own `X-Amz-Security-Token` header.
        case fromRequestHeader
    }

    /// A change that the aws-c-auth copy made to `.req` and `.creq` but not to `.sts` or to the
    /// signature in `.authz`, which still belong to the request as AWS published it.
    struct UpstreamEdit: Sendable {
        /// The lowercase name of the header that the edit added.
        var addedHeader: String
        /// Header values before the edit, by lowercase name.
        var originalValues: [String: String] = [:]
    }

    /// The case folder under `aws-sig-v4-test-suite`.
    let folder: String
    var sessionToken: SessionToken = .none
    var upstreamEdit: UpstreamEdit? = nil

    var name: String { folder.split(separator: "/").last.map(String.init) ?? folder }
    var testDescription: String { folder }

    func file(_ suffix: String) -> String { "aws-sig-v4-test-suite/\(folder)/\(name).\(suffix)" }
}

@Suite("AWS SigV4 test suite")
struct AWSTestSuiteTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// Every case in the suite. `normalize-path` applies here because `.standard` mode normalises.
    /// `post-sts-header-after` signs without a token, because that case adds the token only after
    /// signing, and this signer never sends a token that it does not sign. The `.sreq` files are
    /// not read because `.authz` has the same header, except that `get-vanilla-with-session-token`
    /// has the signature of `get-vanilla` in its `.sreq`.
    static let cases: [AWSSuiteCase] = [
        AWSSuiteCase(folder: "get-header-key-duplicate"),
        // Edited upstream to join the folded lines with spaces. That is correct, because RFC 7230
        // replaces an obsolete line folding with a space and SigV4 then collapses runs of spaces.
        AWSSuiteCase(folder: "get-header-value-multiline"),
        AWSSuiteCase(folder: "get-header-value-order"),
        AWSSuiteCase(folder: "get-header-value-trim"),
        AWSSuiteCase(folder: "get-unreserved"),
        AWSSuiteCase(folder: "get-utf8"),
        AWSSuiteCase(folder: "get-vanilla"),
        AWSSuiteCase(folder: "get-vanilla-empty-query-key"),
        AWSSuiteCase(folder: "get-vanilla-query"),
        AWSSuiteCase(folder: "get-vanilla-query-order-encoded"),
        AWSSuiteCase(folder: "get-vanilla-query-order-key"),
        AWSSuiteCase(folder: "get-vanilla-query-order-key-case"),
        AWSSuiteCase(folder: "get-vanilla-query-order-value"),
        AWSSuiteCase(folder: "get-vanilla-query-unreserved"),
        AWSSuiteCase(folder: "get-vanilla-utf8-query"),
        AWSSuiteCase(
            folder: "get-vanilla-with-session-token",
            sessionToken: .value("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267")),
        AWSSuiteCase(folder: "normalize-path/get-relative"),
        AWSSuiteCase(folder: "normalize-path/get-relative-relative"),
        AWSSuiteCase(folder: "normalize-path/get-slash"),
        AWSSuiteCase(folder: "normalize-path/get-slash-dot-slash"),
        AWSSuiteCase(folder: "normalize-path/get-slash-pointless-dot"),
        AWSSuiteCase(folder: "normalize-path/get-slashes"),
        AWSSuiteCase(folder: "normalize-path/get-space"),
        AWSSuiteCase(folder: "post-header-key-case"),
        AWSSuiteCase(folder: "post-header-key-sort"),
        AWSSuiteCase(folder: "post-header-value-case"),
        AWSSuiteCase(folder: "post-sts-token/post-sts-header-after"),
        AWSSuiteCase(folder: "post-sts-token/post-sts-header-before", sessionToken: .fromRequestHeader),
        AWSSuiteCase(folder: "post-vanilla"),
        AWSSuiteCase(folder: "post-vanilla-empty-query-value"),
        AWSSuiteCase(folder: "post-vanilla-query"),
        // Upstream added `Content-Length` to `.req` and `.creq` in both cases, and it belongs in
        // the canonical request because the signer signs every header it is given. The `.sts`
        // hashes a request without it, with `charset=utf8` in place of `charset=utf-8` in the
        // second case, so those two files are checked against the request before the edit.
        AWSSuiteCase(
            folder: "post-x-www-form-urlencoded",
            upstreamEdit: .init(addedHeader: "content-length")),
        AWSSuiteCase(
            folder: "post-x-www-form-urlencoded-parameters",
            upstreamEdit: .init(
                addedHeader: "content-length",
                originalValues: ["content-type": "application/x-www-form-urlencoded; charset=utf8"])),
    ]

    static func signer(for testCase: AWSSuiteCase, request: VectorRequest) throws -> SigV4Signer {
        let token: String?
        switch testCase.sessionToken {
        case .none:
            token = nil
        case .value(let value):
            token = value
        case .fromRequestHeader:
            guard let header = request.headers.first(where: { $0.name.lowercased() == "x-amz-security-token" }) else {
                throw TestVectorError(description: "\(testCase.file("req")) has no X-Amz-Security-Token header")
            }
            token = header.value
        }
        let credentials = SigV4Credentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: token)
        return SigV4Signer(credentials: credentials, region: "us-east-1", service: "service", pathMode: .standard)
    }

    @Test("suite case", arguments: cases.filter { $0.upstreamEdit == nil })
    func signsSuiteCase(_ testCase: AWSSuiteCase) throws {
        let request = try VectorRequest(parsing: TestVectors.text(testCase.file("req")), file: testCase.file("req"))
        let signer = try Self.signer(for: testCase, request: request)
        let expectedCanonicalRequest = try TestVectors.text(testCase.file("creq"))
        let expectedStringToSign = try TestVectors.text(testCase.file("sts"))
        let expectedAuthorization = try TestVectors.text(testCase.file("authz"))

        let canonicalRequest = signer.canonicalRequest(
            signer.addingSigningHeaders(to: request.sigV4Request, date: Self.date))
        #expect(canonicalRequest == expectedCanonicalRequest)

        let stringToSign = signer.stringToSign(canonicalRequest: canonicalRequest, date: Self.date)
        #expect(stringToSign == expectedStringToSign)

        let headers = signer.sign(request.sigV4Request, date: Self.date)
        #expect(headers.last?.name == "authorization")
        #expect(headers.last?.value == expectedAuthorization)
        #expect(!headers.contains { $0.name == "x-amz-content-sha256" })
    }

    /// Checks `.creq` against the request as edited, and `.sts` and the signature in `.authz`
    /// against the request with the edit undone. Only the signature is compared because the
    /// second case's `.authz` lists `content-length` in `SignedHeaders` although its signature
    /// does not cover it.
    @Test("edited suite case", arguments: cases.filter { $0.upstreamEdit != nil })
    func signsEditedSuiteCase(_ testCase: AWSSuiteCase) throws {
        let edit = try #require(testCase.upstreamEdit)
        let request = try VectorRequest(parsing: TestVectors.text(testCase.file("req")), file: testCase.file("req"))
        let signer = try Self.signer(for: testCase, request: request)
        let expectedCanonicalRequest = try TestVectors.text(testCase.file("creq"))
        let expectedStringToSign = try TestVectors.text(testCase.file("sts"))
        let expectedAuthorization = try TestVectors.text(testCase.file("authz"))

        let canonicalRequest = signer.canonicalRequest(
            signer.addingSigningHeaders(to: request.sigV4Request, date: Self.date))
        #expect(canonicalRequest == expectedCanonicalRequest)

        var original = request.sigV4Request
        #expect(original.headers.contains { $0.name.lowercased() == edit.addedHeader })
        original.headers.removeAll { $0.name.lowercased() == edit.addedHeader }
        for index in original.headers.indices {
            if let value = edit.originalValues[original.headers[index].name.lowercased()] {
                original.headers[index].value = value
            }
        }
        let originalCanonicalRequest = signer.canonicalRequest(
            signer.addingSigningHeaders(to: original, date: Self.date))
        #expect(
            signer.stringToSign(canonicalRequest: originalCanonicalRequest, date: Self.date) == expectedStringToSign)

        let authorization = try #require(signer.sign(original, date: Self.date).last?.value)
        let expectedSignature = expectedAuthorization.components(separatedBy: "Signature=").last
        #expect(authorization.components(separatedBy: "Signature=").last == expectedSignature)
    }

    @Test("every suite case is listed")
    func listsEveryCase() throws {
        let root = try TestVectors.directory().appendingPathComponent("aws-sig-v4-test-suite")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw TestVectorError(description: "cannot list \(root.path)")
        }
        var found: Set<String> = []
        for case let url as URL in walker where url.pathExtension == "req" {
            let folder = url.deletingLastPathComponent().standardizedFileURL.path
            found.insert(String(folder.dropFirst(root.standardizedFileURL.path.count + 1)))
        }

        #expect(found == Set(Self.cases.map(\.folder)))
    }
}
