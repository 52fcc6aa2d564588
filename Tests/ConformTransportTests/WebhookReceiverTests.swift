import ConformTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a raw TCP connection to 127.0.0.1:port, sends `bytes`, and returns what came back.
func rawExchange(port: UInt16, send bytes: [UInt8], closeEarly: Bool = false) -> String {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return "connect failed" }
    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    if closeEarly { return "" }
    shutdown(descriptor, Int32(SHUT_WR))
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { break }
        response += buffer.prefix(count)
    }
    return String(decoding: response, as: UTF8.self)
}

@Suite("Webhook receiver")
struct WebhookReceiverTests {
    @Test("records a delivery and answers the chosen status")
    func recordsDelivery() throws {
        let receiver = try WebhookReceiver(.init(responseStatus: 500))
        defer { receiver.stop() }
        let client = try HTTPClient()

        let body = Array(#"{"job_id":"j1"}"#.utf8)
        let exchange = try client.perform(
            HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(receiver.port)/hook?x=1", headers: [("X-Dedup-Job-Id", "j1")],
                body: .bytes(body, contentType: "application/json"))
        ).get()

        #expect(exchange.response.status == 500)
        let delivery = try #require(receiver.received.first)
        #expect(delivery.method == "POST")
        #expect(delivery.target == "/hook?x=1")
        #expect(delivery.path == "/hook")
        #expect(delivery.body == body)
        #expect(delivery.header("x-dedup-job-id") == "j1")
    }

    @Test("keeps serving after junk and hang-ups")
    func survivesGarbage() throws {
        let receiver = try WebhookReceiver(.init(readTimeout: 1))
        defer { receiver.stop() }

        let junk = rawExchange(port: receiver.port, send: Array("\u{1}\u{2}garbage\r\n\r\n".utf8))
        let badLength = rawExchange(port: receiver.port, send: Array("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n".utf8))
        _ = rawExchange(port: receiver.port, send: Array("POST /half HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc".utf8), closeEarly: true)
        _ = rawExchange(port: receiver.port, send: [], closeEarly: true)
        let valid = rawExchange(port: receiver.port, send: Array("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n".utf8))

        #expect(junk.hasPrefix("HTTP/1.1 400 "))
        #expect(badLength.hasPrefix("HTTP/1.1 400 "))
        #expect(valid.hasPrefix("HTTP/1.1 200 OK"))
        #expect(receiver.received.map(\.path) == ["/ok"])
        #expect(receiver.rejectedCount == 2)
    }

    @Test("rejects a body above the limit")
    func rejectsLargeBody() throws {
        let receiver = try WebhookReceiver(.init(maximumBodyBytes: 10))
        defer { receiver.stop() }

        let response = rawExchange(port: receiver.port, send: Array("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234567890".utf8))

        #expect(response.hasPrefix("HTTP/1.1 413 "))
        #expect(receiver.received.isEmpty)
    }

    @Test("reads a chunked body")
    func readsChunkedBody() throws {
        let receiver = try WebhookReceiver(.init())
        defer { receiver.stop() }

        let request = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        let response = rawExchange(port: receiver.port, send: Array(request.utf8))

        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(receiver.received.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
    }

    @Test("an invalid bind address is a clear error")
    func invalidBindAddress() {
        #expect(throws: WebhookReceiver.StartError.self) {
            _ = try WebhookReceiver(.init(bindAddress: "not-an-address"))
        }
    }
}
