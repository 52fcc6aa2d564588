import ConformTestSupport
import ConformTransport
import Foundation
import Testing

/// HTTP behaviours checked against conform's own webhook receiver and a local TLS server.
@Suite("HTTP behaviours")
struct HTTPBehaviourTests {
    @Test("a 503 answer keeps its Retry-After header")
    func serviceUnavailableKeepsRetryAfter() throws {
        let receiver = try WebhookReceiver(.init(responseStatus: 503, responseHeaders: [("Retry-After", "7")]))
        defer { receiver.stop() }
        let client = try HTTPClient()

        let exchange = try client.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(receiver.port)/busy")).get()

        #expect(exchange.response.status == 503)
        #expect(exchange.response.header("retry-after") == "7")
    }

    @Test("an untyped body is not labelled a form")
    func untypedBodyIsOctetStream() throws {
        let receiver = try WebhookReceiver(.init())
        defer { receiver.stop() }
        let client = try HTTPClient()

        _ = try client.perform(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)/raw", body: .bytes([1, 2], contentType: nil))).get()
        _ = try client.perform(
            HTTPRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)/typed", headers: [("Content-Type", "text/csv")],
                        body: .bytes([1, 2], contentType: nil))).get()

        #expect(receiver.received.map { $0.header("content-type") } == ["application/octet-stream", "text/csv"])
    }

    @Test("redirects are not followed unless asked")
    func redirectsNotFollowed() throws {
        let target = try WebhookReceiver(.init())
        defer { target.stop() }
        let redirect = try WebhookReceiver(.init(responseStatus: 302, responseHeaders: [("Location", "http://127.0.0.1:\(target.port)/landed")]))
        defer { redirect.stop() }
        let client = try HTTPClient()

        let plain = try client.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(redirect.port)/go")).get()
        let followed = try client.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(redirect.port)/go", followRedirects: true)).get()

        #expect(plain.response.status == 302)
        #expect(plain.response.header("location") == "http://127.0.0.1:\(target.port)/landed")
        #expect(followed.response.status == 200)
        #expect(target.received.map(\.path) == ["/landed"])
    }

    @Test("no Expect header delays a body")
    func noExpectContinue() throws {
        let receiver = try WebhookReceiver(.init(maximumBodyBytes: 4 * 1024 * 1024))
        defer { receiver.stop() }
        let client = try HTTPClient()
        let body = [UInt8](repeating: 65, count: 2 * 1024 * 1024)

        let started = Date()
        let exchange = try client.perform(
            HTTPRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)/big", body: .bytes(body, contentType: "text/plain"))
        ).get()

        #expect(exchange.response.status == 200)
        #expect(Date().timeIntervalSince(started) < 0.9)
        #expect(receiver.received.first?.header("Expect") == nil)
        #expect(receiver.received.first?.body.count == body.count)
    }

    @Test("multipart names are encoded like browsers")
    func multipartNamesEncoded() throws {
        let receiver = try WebhookReceiver(.init())
        defer { receiver.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("drawing.png")
        try Data([1, 2, 3]).write(to: file)
        let empty = folder.appendingPathComponent("empty.bin")
        try Data().write(to: empty)
        let client = try HTTPClient()

        let parts: [HTTPRequest.MultipartPart] = [
            .init(name: "note [1]", content: .text("plain text")),
            .init(name: "file", content: .file(path: file.path, filename: "my \"best\" 图纸.png", contentType: nil)),
            .init(name: "nothing", content: .file(path: empty.path, filename: nil, contentType: nil)),
        ]
        _ = try client.perform(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)/up", body: .multipart(parts))).get()

        let body = String(decoding: try #require(receiver.received.first).body, as: UTF8.self)
        #expect(body.contains(#"Content-Disposition: form-data; name="note [1]""#))
        #expect(body.contains(#"name="file"; filename="my %22best%22 图纸.png""#))
        #expect(body.contains("Content-Type: image/png"))
        #expect(body.contains(#"name="nothing"; filename="empty.bin""#))
        #expect(body.contains("Content-Type: application/octet-stream"))
    }

    @Test("TLS is verified unless insecure is set", .timeLimit(.minutes(1)))
    func tlsVerification() throws {
        let server = try TLSServer.start()
        defer { server.stop() }
        let client = try HTTPClient()
        let url = "https://127.0.0.1:\(server.port)/"

        let rejected = client.perform(HTTPRequest(method: "GET", url: url))
        let trusted = client.perform(HTTPRequest(method: "GET", url: url, caBundle: server.certificate))
        let insecure = client.perform(HTTPRequest(method: "GET", url: url, insecure: true))

        guard case .failure(let error) = rejected else {
            Issue.record("a self-signed certificate was accepted without a CA bundle")
            return
        }
        #expect(error.phase == .tls)
        #expect(try trusted.get().response.status == 200)
        #expect(try insecure.get().response.status == 200)
    }
}

/// A one-file HTTPS server from Python's standard library with a self-signed certificate for
/// 127.0.0.1, made by the openssl command line.
struct TLSServer {
    let process: Process
    let port: UInt16
    let certificate: String

    static func start() throws -> TLSServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let made = try Subprocess.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        guard made.status == 0 else { throw ReferenceStack.StartError(description: "openssl req failed: \(made.error)") }

        let portFile = folder.appendingPathComponent("port").path
        let script = """
            import http.server, ssl, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
                def log_message(self, *args): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            server.daemon_threads = True
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
            open(sys.argv[3], "w").write(str(server.server_address[1]))
            server.serve_forever()
            """
        let process = Process()
        process.executableURL = Repository.root.appendingPathComponent("Fixtures/stack/.venv/bin/python")
        process.arguments = ["-c", script, certificate, key, portFile]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = UInt16(text) {
                return TLSServer(process: process, port: port, certificate: certificate)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        throw ReferenceStack.StartError(description: "the TLS test server did not start within 10 s")
    }

    /// Stops the server with SIGKILL: a child of the test runner can inherit a blocked SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
