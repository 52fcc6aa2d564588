import ConformTestSupport
import ConformTransport
import Foundation
import Testing

@Suite("HTTP over libcurl")
struct HTTPClientTests {
    @Test("reads status, headers and JSON body")
    func readsStatusHeadersBody() throws {
        let stack = try ReferenceStack.shared()
        let api = try #require(stack.environment["DEDUP2D_API_URL"])
        let client = try HTTPClient()

        let exchange = try client.perform(HTTPRequest(method: "GET", url: "\(api)/api/v1/dedup/2d/jobs/unknown")).get()

        #expect(exchange.response.status == 401)
        #expect(String(decoding: exchange.response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == #"{"detail":"Missing API Key"}"#)
        #expect(exchange.response.header("content-type")?.hasPrefix("application/json") == true)
        #expect(exchange.response.timings.total >= exchange.response.timings.connect)
    }

    @Test("streams a multipart file upload")
    func streamsMultipartUpload() throws {
        let stack = try ReferenceStack.shared()
        let api = try #require(stack.environment["DEDUP2D_API_URL"])
        let key = try #require(stack.environment["DEDUP2D_API_KEY"])
        let png = Repository.root.appendingPathComponent("Fixtures/smoke.png").path
        let client = try HTTPClient()

        let request = HTTPRequest(
            method: "POST", url: "\(api)/api/v1/dedup/2d/search?async=true", headers: [("X-API-Key", key)],
            body: .multipart([.init(name: "file", content: .file(path: png, filename: nil, contentType: "image/png"))]))
        let exchange = try client.perform(request).get()

        #expect(exchange.response.status == 200)
        #expect(String(decoding: exchange.response.body, as: UTF8.self).contains(#""status":"pending""#))
        #expect((exchange.requestBodySize ?? 0) > 67)
    }

    @Test("an empty multipart file is sent and rejected")
    func emptyFileIsRejected() throws {
        let stack = try ReferenceStack.shared()
        let api = try #require(stack.environment["DEDUP2D_API_URL"])
        let key = try #require(stack.environment["DEDUP2D_API_KEY"])
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).png")
        try Data().write(to: empty)
        let client = try HTTPClient()

        let request = HTTPRequest(
            method: "POST", url: "\(api)/api/v1/dedup/2d/search?async=true", headers: [("X-API-Key", key)],
            body: .multipart([.init(name: "file", content: .file(path: empty.path, filename: nil, contentType: nil))]))
        let exchange = try client.perform(request).get()

        #expect(exchange.response.status == 400)
        #expect(String(decoding: exchange.response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == #"{"detail":"Empty file"}"#)
    }

    @Test("a silent server fails at the timeout")
    func silentServerTimesOut() throws {
        let server = try SilentServer()
        let client = try HTTPClient()
        let started = Date()

        let result = client.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", totalTimeout: 0.5))
        let elapsed = Date().timeIntervalSince(started)

        guard case .failure(let error) = result else {
            Issue.record("expected a timeout, got \(result)")
            return
        }
        #expect(error.phase == .timeout)
        #expect(error.code == 28)
        #expect(elapsed >= 0.45)
        #expect(elapsed < 2)
    }

    @Test("a closed port fails at connect")
    func closedPortFailsAtConnect() throws {
        let port: UInt16
        do {
            let server = try SilentServer()
            port = server.port
        }
        let client = try HTTPClient()

        let result = client.perform(HTTPRequest(method: "GET", url: "http://user:pw@127.0.0.1:\(port)/x"))

        guard case .failure(let error) = result else {
            Issue.record("expected a connection error, got \(result)")
            return
        }
        #expect(error.phase == .connect)
        #expect(error.url == "http://***@127.0.0.1:\(port)/x")
        #expect(error.description.contains("curl error 7"))
    }

    @Test("a missing body file is a setup error")
    func missingBodyFileIsSetupError() throws {
        let client = try HTTPClient()
        let result = client.perform(
            HTTPRequest(method: "POST", url: "http://127.0.0.1:9/", body: .file(path: "/nonexistent/file.bin", contentType: nil)))
        guard case .failure(let error) = result else {
            Issue.record("expected a setup error")
            return
        }
        #expect(error.phase == .setup)
        #expect(error.message == "cannot open request body file '/nonexistent/file.bin'")
    }
}
