import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP server for one scenario that records every request it receives, such as a service's
/// signed callback, and responds to each with a status the scenario chose.
///
/// Each connection is served on its own thread with a read timeout, so a client that sends junk,
/// stalls or hangs up affects only its own connection.
public final class WebhookReceiver: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The address to listen on; 127.0.0.1 unless a stack in a container must reach it.
        public var bindAddress: String
        /// 0 picks a free port.
        public var port: UInt16
        /// The status every request gets.
        public var responseStatus: Int
        /// Bodies above this many bytes get 413 and are not recorded.
        public var maximumBodyBytes: Int
        /// Seconds a connection may take to deliver its request.
        public var readTimeout: Double
        /// Extra headers on every response, such as `Retry-After` beside a 503.
        public var responseHeaders: [(name: String, value: String)]

        public init(
            bindAddress: String = "127.0.0.1", port: UInt16 = 0, responseStatus: Int = 200,
            maximumBodyBytes: Int = 1024 * 1024, readTimeout: Double = 10,
            responseHeaders: [(name: String, value: String)] = []
        ) {
            self.responseHeaders = responseHeaders
            self.bindAddress = bindAddress
            self.port = port
            self.responseStatus = responseStatus
            self.maximumBodyBytes = maximumBodyBytes
            self.readTimeout = readTimeout
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: Configuration
    /// The port the receiver listens on.
    public let port: UInt16

    private let listener: Int32
    private let condition = NSCondition()
    private var deliveries: [WebhookDelivery] = []
    private var rejected = 0
    private var stopped = false

    public init(_ configuration: Configuration) throws(StartError) {
        self.configuration = configuration
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StartError(description: "cannot create a socket: \(String(cString: strerror(errno)))") }

        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.bindAddress, &address.sin_addr) == 1 else {
            close(descriptor)
            throw StartError(description: "invalid bind address '\(configuration.bindAddress)'; write an IPv4 address such as 127.0.0.1")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw StartError(description: "cannot listen on \(configuration.bindAddress):\(configuration.port): \(reason)")
        }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.listener = descriptor
        self.port = UInt16(bigEndian: address.sin_port)

        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    /// Stops accepting connections; recorded deliveries stay readable.
    public func stop() {
        condition.lock()
        let wasStopped = stopped
        stopped = true
        condition.broadcast()
        condition.unlock()
        if !wasStopped {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    /// Every delivery so far, oldest first.
    public var received: [WebhookDelivery] {
        condition.lock()
        defer { condition.unlock() }
        return deliveries
    }

    /// Requests rejected with an error status because they were malformed or too large.
    public var rejectedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return rejected
    }

    /// Waits until a delivery arrives after the first `count` ones, or until `deadline`.
    public func waitForDelivery(after count: Int, until deadline: Date) {
        condition.lock()
        while deliveries.count <= count, !stopped, Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        condition.unlock()
    }

    private func acceptLoop() {
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let connection = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let peerText = WebhookReceiver.describe(peer)
            let thread = Thread { [self] in serve(connection, peer: peerText) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32, peer: String) {
        defer { close(connection) }
        var timeout = timeval(
            tv_sec: Int(configuration.readTimeout), tv_usec: Int((configuration.readTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var reader = HTTPRequestReader(socket: connection, maximumBodyBytes: configuration.maximumBodyBytes)
        let request: HTTPRequestReader.Request
        do {
            request = try reader.read()
        } catch .disconnected {
            return
        } catch .tooLarge {
            countRejection()
            respond(connection, status: 413)
            return
        } catch {
            countRejection()
            respond(connection, status: 400)
            return
        }

        let delivery = WebhookDelivery(
            method: request.method, target: request.target, headers: request.headers, body: request.body, received: Date(),
            peer: peer)
        condition.lock()
        deliveries.append(delivery)
        condition.broadcast()
        condition.unlock()
        respond(connection, status: configuration.responseStatus)
    }

    private func countRejection() {
        condition.lock()
        rejected += 1
        condition.unlock()
    }

    private func respond(_ connection: Int32, status: Int) {
        let body = status == 204 || status == 304 ? "" : (status < 300 ? "ok\n" : "status \(status) chosen by the scenario or the receiver\n")
        var head = "HTTP/1.1 \(status) \(WebhookReceiver.reason(status))\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        // Only the status the scenario chose carries its headers, because 400 and 413 are the receiver's own.
        if status == configuration.responseStatus {
            for header in configuration.responseHeaders { head += "\(header.name): \(header.value)\r\n" }
        }
        head += "\r\n"
        let bytes = Array((head + body).utf8)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a client that already hung up must not kill the process with SIGPIPE.
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    private static func describe(_ address: sockaddr_in) -> String {
        var copy = address.sin_addr
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &copy, &text, socklen_t(INET_ADDRSTRLEN))
        return "\(String(cString: text)):\(UInt16(bigEndian: address.sin_port))"
    }
}
