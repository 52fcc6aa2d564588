internal import CCurl
import Foundation

/// The state of one transfer that libcurl's callbacks write into.
final class Transfer {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var bodySize = 0
    var upload: FileStream?
    var setupFailure: TransportError?
    var canceled = false
    let isCanceled: @Sendable () -> Bool

    init(isCanceled: @escaping @Sendable () -> Bool) {
        self.isCanceled = isCanceled
    }

    static let receiveBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        let room = max(0, HTTPClient.maximumBodyBytes - transfer.body.count)
        if room > 0 {
            data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                transfer.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(room, length)))
            }
        }
        transfer.bodySize += length
        return length
    }

    static let receiveHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        // Parsed on bytes: Foundation's trimmingCharacters cost more per line than libcurl's whole
        // request in the benchmark (docs/benchmarks.md).
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            let line = UnsafeBufferPointer(start: bytes, count: length)
            // A new status line starts a new response (after 100 Continue or a redirect): keep only the last.
            if line.starts(with: Array("HTTP/".utf8)) {
                transfer.headers = []
                return
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            let name = Transfer.trimmed(line[..<colon])
            let value = Transfer.trimmed(line[(colon + 1)...])
            transfer.headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return length
    }

    /// The bytes without leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }

    static let sendBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer, size, count, context in
        guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        guard let upload = transfer.upload else { return 0 }
        return upload.read(into: UnsafeMutableRawPointer(buffer), maximum: size * count) ?? Int(CURL_READFUNC_ABORT)
    }

    static let progress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
        context, _, _, _, _ in
        guard let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        if transfer.isCanceled() {
            transfer.canceled = true
            return 1
        }
        return 0
    }
}

/// A file read in chunks for a request body.
final class FileStream {
    private let handle: FileHandle
    let size: Int

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else { return nil }
        self.handle = handle
        self.size = size.intValue
    }

    deinit {
        try? handle.close()
    }

    /// Reads up to `maximum` bytes into `buffer`; 0 at the end, nil on a read error.
    func read(into buffer: UnsafeMutableRawPointer, maximum: Int) -> Int? {
        guard let data = try? handle.read(upToCount: maximum) else { return nil }
        data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: data.count)
        return data.count
    }
}
