import ConformTestSupport
import ConformTransport
import Foundation
import Testing

/// Signature checks against values computed by `openssl dgst`, independently of conform's HMAC.
@Suite("Webhook signature")
struct WebhookSignatureTests {
    static let secret = "whsec-test-secret"
    static let body = #"{"error":null,"job_id":"job-42","status":"completed"}"#
    static let timestamp = "1796400000"

    /// The dedup2d scheme: `t=<unix>,v1=<hex>` over `<t>.<job_id>.<body>`.
    static let scheme = WebhookSignature(
        header: "X-Dedup-Signature", timestampKey: "t", signatureKey: "v1", maximumSkew: 300,
        message: [.timestamp, .text(".job-42."), .body])

    static func openSSLHMAC(_ message: String, secret: String, base64: Bool = false) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hmac-\(UUID().uuidString)")
        try Data(message.utf8).write(to: file)
        let result = try Subprocess.run("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", secret, "-binary", file.path])
        #expect(result.status == 0)
        let digest = try Subprocess.run(
            "/bin/sh", ["-c", base64 ? "openssl dgst -sha256 -hmac \"$0\" -binary \"$1\" | base64 -w0" : "openssl dgst -sha256 -hmac \"$0\" \"$1\" | sed 's/.*= //'", secret, file.path])
        return digest.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func delivery(header: String?, body: String = body) -> WebhookDelivery {
        WebhookDelivery(
            method: "POST", target: "/cb", headers: header.map { [("X-Dedup-Signature", $0)] } ?? [], body: Array(body.utf8),
            received: Date(), peer: "127.0.0.1:1")
    }

    static var now: Date { Date(timeIntervalSince1970: Double(timestamp)! + 10) }

    @Test("accepts a signature computed by openssl")
    func acceptsValidSignature() throws {
        let hex = try Self.openSSLHMAC("\(Self.timestamp).job-42.\(Self.body)", secret: Self.secret)
        #expect(hex.count == 64)
        let result = Self.scheme.verify(Self.delivery(header: "t=\(Self.timestamp),v1=\(hex)"), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result == nil)
    }

    @Test("accepts a base64 signature")
    func acceptsBase64() throws {
        let encoded = try Self.openSSLHMAC("\(Self.timestamp).job-42.\(Self.body)", secret: Self.secret, base64: true)
        var scheme = Self.scheme
        scheme.encoding = .base64
        let result = scheme.verify(Self.delivery(header: "t=\(Self.timestamp),v1=\(encoded)"), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result == nil)
    }

    @Test("rejects a wrong secret without naming it")
    func rejectsWrongSecret() throws {
        let hex = try Self.openSSLHMAC("\(Self.timestamp).job-42.\(Self.body)", secret: "another-secret")
        let result = Self.scheme.verify(Self.delivery(header: "t=\(Self.timestamp),v1=\(hex)"), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result == "signature mismatch: HMAC-SHA256 over <timestamp>.job-42.<body: 53 bytes> does not equal the hex value in X-Dedup-Signature")
        #expect(result?.contains(Self.secret) == false)
        #expect(result?.contains(hex) == false)
    }

    @Test("rejects a tampered body")
    func rejectsTamperedBody() throws {
        let hex = try Self.openSSLHMAC("\(Self.timestamp).job-42.\(Self.body)", secret: Self.secret)
        let tampered = Self.body.replacingOccurrences(of: "completed", with: "failed")
        let result = Self.scheme.verify(Self.delivery(header: "t=\(Self.timestamp),v1=\(hex)", body: tampered), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result?.hasPrefix("signature mismatch") == true)
    }

    @Test("rejects a stale timestamp")
    func rejectsStaleTimestamp() throws {
        let hex = try Self.openSSLHMAC("\(Self.timestamp).job-42.\(Self.body)", secret: Self.secret)
        let later = Self.now.addingTimeInterval(3600)
        let result = Self.scheme.verify(Self.delivery(header: "t=\(Self.timestamp),v1=\(hex)"), secret: Array(Self.secret.utf8), now: later)
        #expect(result == "signature timestamp 1796400000 is 3610s away from now, more than the allowed 300s")
    }

    @Test("rejects a missing header")
    func rejectsMissingHeader() {
        let result = Self.scheme.verify(Self.delivery(header: nil), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result == "signature header X-Dedup-Signature is missing")
    }

    @Test("rejects malformed headers", arguments: [
        ("garbage", "signature header X-Dedup-Signature is malformed: 'garbage' is not key=value"),
        ("t=1796400000", "signature header X-Dedup-Signature is malformed: no 'v1=' part"),
        ("v1=abcd", "signature header X-Dedup-Signature is malformed: no 't=' part"),
        ("t=1796400000,v1=xyz", "signature in X-Dedup-Signature is not valid hex"),
        ("t=soon,v1=abcd", "signature timestamp 'soon' is not Unix seconds"),
    ])
    func rejectsMalformedHeader(header: String, expected: String) {
        let result = Self.scheme.verify(Self.delivery(header: header), secret: Array(Self.secret.utf8), now: Self.now)
        #expect(result == expected)
    }
}
