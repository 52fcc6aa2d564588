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
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)

        // A new status line starts a new response (after 100 Continue or a redirect): keep only the last.
        if line.hasPrefix("HTTP/") {
            transfer.headers = []
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            transfer.headers.append((name, value))
        }
        return length
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
