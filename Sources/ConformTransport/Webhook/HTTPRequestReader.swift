import Foundation

/// Reads one HTTP/1.1 request from a connected socket, with bounds on every part.
///
/// It accepts a `Content-Length` body or a chunked one, and returns an error value for anything
/// else, so a client that sends junk or hangs up gets a status code instead of crashing the receiver.
struct HTTPRequestReader {
    enum Failure: Error {
        /// The client closed the connection or stopped sending before a whole request arrived.
        case disconnected
        case malformed(String)
        case tooLarge
    }

    struct Request {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    static let maximumHeaderBytes = 64 * 1024

    let socket: Int32
    let maximumBodyBytes: Int
    private var buffer: [UInt8] = []

    init(socket: Int32, maximumBodyBytes: Int) {
        self.socket = socket
        self.maximumBodyBytes = maximumBodyBytes
    }

    mutating func read() throws(Failure) -> Request {
        let headerEnd = try readUntilHeaderEnd()
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)

        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."),
            requestLine[0].allSatisfy({ $0.isASCII && $0.isUppercase })
        else { throw .malformed("invalid request line") }

        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformed("invalid header line") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }

        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let transferEncoding = headers.last { $0.name.lowercased() == "transfer-encoding" }?.value.lowercased()
        if transferEncoding?.contains("chunked") == true {
            return Request(method: request.method, target: request.target, headers: headers, body: try readChunkedBody())
        }
        let lengthText = headers.last { $0.name.lowercased() == "content-length" }?.value ?? "0"
        guard let length = Int(lengthText), length >= 0 else { throw .malformed("invalid Content-Length") }
        guard length <= maximumBodyBytes else { throw .tooLarge }
        try fill(to: length)
        let body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return Request(method: request.method, target: request.target, headers: headers, body: body)
    }

    private mutating func readUntilHeaderEnd() throws(Failure) -> Int {
        let separator: [UInt8] = [13, 10, 13, 10]
        var searched = 0
        while true {
            if buffer.count >= 4 {
                for index in max(0, searched - 3)...(buffer.count - 4) where buffer[index..<index + 4].elementsEqual(separator) {
                    return index
                }
                searched = buffer.count
            }
            guard buffer.count < HTTPRequestReader.maximumHeaderBytes else { throw .tooLarge }
            try receive()
        }
    }

    private mutating func readChunkedBody() throws(Failure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .malformed("invalid chunk size") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            guard body.count + size <= maximumBodyBytes else { throw .tooLarge }
            try fill(to: size + 2)
            body += buffer.prefix(size)
            buffer.removeFirst(size + 2)
        }
    }

    private mutating func readLine() throws(Failure) -> String {
        while true {
            if let index = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[..<index], as: UTF8.self)
                buffer.removeFirst(index + 2)
                return line
            }
            guard buffer.count < HTTPRequestReader.maximumHeaderBytes else { throw .tooLarge }
            try receive()
        }
    }

    private mutating func fill(to count: Int) throws(Failure) {
        while buffer.count < count { try receive() }
    }

    private mutating func receive() throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { throw .disconnected }
        buffer += chunk.prefix(received)
    }
}
