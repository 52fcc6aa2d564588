internal import CCurl
import Foundation

/// Sends HTTP requests over one libcurl easy handle, reused between requests so connections stay
/// open. One client belongs to one thread at a time.
public final class HTTPClient {
    /// Response bodies beyond this many bytes are counted but not kept.
    public static let maximumBodyBytes = 4 * 1024 * 1024

    private let handle: UnsafeMutableRawPointer
    private let isCanceled: @Sendable () -> Bool

    /// Creates a client; `isCanceled` is polled during transfers so an interrupt stops them.
    public init(isCanceled: @escaping @Sendable () -> Bool = { false }) throws(TransportError) {
        HTTPClient.initializeLibrary
        guard let handle = curl_easy_init() else {
            throw TransportError(phase: .setup, code: 0, message: "curl_easy_init failed", url: "")
        }
        self.handle = handle
        self.isCanceled = isCanceled
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// curl_global_init is not thread-safe, so it runs once, before the first handle exists.
    private static let initializeLibrary: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Sends `request` and returns the exchange, or the error that stopped it.
    public func perform(_ request: HTTPRequest) -> Result<HTTPExchange, TransportError> {
        let url = URLText.redactingUserInfo(request.url)
        curl_easy_reset(handle)

        let transfer = Transfer(isCanceled: isCanceled)
        var headerList: UnsafeMutablePointer<curl_slist>?
        var mime: OpaquePointer?
        defer {
            curl_slist_free_all(headerList)
            if let mime { curl_mime_free(mime) }
        }

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let outcome: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            let context = Unmanaged.passUnretained(transfer).toOpaque()
            var setup = Setup(handle: handle)

            setup.long(CURLOPT_NOSIGNAL, 1)
            setup.pointer(CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            setup.string(CURLOPT_URL, request.url)
            setup.string(CURLOPT_CUSTOMREQUEST, request.method)
            setup.long(CURLOPT_CONNECTTIMEOUT_MS, HTTPClient.milliseconds(request.connectTimeout))
            setup.long(CURLOPT_TIMEOUT_MS, HTTPClient.milliseconds(request.totalTimeout))
            setup.long(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
            setup.long(CURLOPT_MAXREDIRS, 20)
            // Verification is libcurl's default; it is spelled out so that only `insecure` turns it off.
            setup.long(CURLOPT_SSL_VERIFYPEER, request.insecure ? 0 : 1)
            setup.long(CURLOPT_SSL_VERIFYHOST, request.insecure ? 0 : 2)
            if let caBundle = request.caBundle { setup.string(CURLOPT_CAINFO, caBundle) }
            setup.long(CURLOPT_NOBODY, request.method == "HEAD" ? 1 : 0)
            if request.decodesContent {
                // Compressed responses are decoded by libcurl, so bodies and sizes are the server's content.
                setup.string(CURLOPT_ACCEPT_ENCODING, "")
            }
            if request.keepsPathAsIs { setup.long(CURLOPT_PATH_AS_IS, 1) }

            setup.pointer(CURLOPT_WRITEDATA, context)
            setup.write(CURLOPT_WRITEFUNCTION, Transfer.receiveBody)
            setup.pointer(CURLOPT_HEADERDATA, context)
            setup.write(CURLOPT_HEADERFUNCTION, Transfer.receiveHeader)
            setup.pointer(CURLOPT_XFERINFODATA, context)
            setup.progress(CURLOPT_XFERINFOFUNCTION, Transfer.progress)
            setup.long(CURLOPT_NOPROGRESS, 0)

            var headers = request.headers
            switch request.body {
            case .empty:
                break
            case .bytes(let bytes, let contentType):
                setup.long(CURLOPT_POST, 1)
                setup.offset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                bytes.withUnsafeBytes { buffer in
                    // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                    setup.pointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)))
                }
                HTTPClient.addContentType(contentType, to: &headers)
            case .file(let path, let contentType):
                guard let stream = FileStream(path: path) else {
                    setup.failure = TransportError(
                        phase: .setup, code: 0, message: "cannot open request body file '\(path)'", url: url)
                    break
                }
                transfer.upload = stream
                setup.long(CURLOPT_POST, 1)
                setup.offset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(stream.size))
                setup.pointer(CURLOPT_READDATA, context)
                setup.read(CURLOPT_READFUNCTION, Transfer.sendBody)
                HTTPClient.addContentType(contentType, to: &headers)
            case .multipart(let parts):
                switch MultipartBuilder.build(parts, on: handle) {
                case .success(let built):
                    mime = built
                    setup.mime(CURLOPT_MIMEPOST, built)
                case .failure(let message):
                    setup.failure = TransportError(phase: .setup, code: 0, message: message, url: url)
                }
            }

            // libcurl waits up to a second for "100 Continue" before sending a large body unless the
            // Expect header is suppressed. No server in this field needs that handshake.
            headers.append(("Expect", ""))
            for header in headers {
                // "Name;" is libcurl's way to send a header with an empty value; "Name:" would remove it.
                let line = header.value.isEmpty && header.name != "Expect" ? "\(header.name);" : "\(header.name): \(header.value)"
                headerList = curl_slist_append(headerList, line)
            }
            setup.slist(CURLOPT_HTTPHEADER, headerList)

            if let failure = setup.failure {
                transfer.setupFailure = failure
                return CURLE_FAILED_INIT
            }
            return curl_easy_perform(handle)
        }

        if let failure = transfer.setupFailure { return .failure(failure) }
        guard outcome == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(outcome)) : detail
            let phase = transfer.canceled ? .canceled : HTTPClient.phase(of: outcome)
            return .failure(TransportError(phase: phase, code: Int(outcome.rawValue), message: message, url: url))
        }

        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var uploaded: curl_off_t = 0
        ccurl_getinfo_off_t(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        let response = HTTPResponse(
            status: status, headers: transfer.headers, body: transfer.body, bodySize: transfer.bodySize,
            timings: timings())
        return .success(
            HTTPExchange(
                method: request.method, url: url, requestHeaders: request.headers, requestBodySize: Int(uploaded),
                response: response))
    }

    private func timings() -> HTTPTimings {
        func seconds(_ info: CURLINFO) -> Double {
            var microseconds: curl_off_t = 0
            ccurl_getinfo_off_t(handle, info, &microseconds)
            return Double(microseconds) / 1_000_000
        }
        return HTTPTimings(
            connect: seconds(CURLINFO_CONNECT_TIME_T), firstByte: seconds(CURLINFO_STARTTRANSFER_TIME_T),
            total: seconds(CURLINFO_TOTAL_TIME_T))
    }

    /// Rounds up so a deadline of 0.4 ms still allows 1 ms; 0 would mean "no timeout" to libcurl.
    static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    /// Adds a Content-Type header unless the request already has one.
    ///
    /// Without one, libcurl labels a POST body application/x-www-form-urlencoded, which would
    /// misdescribe anything that is not a form, so an untyped body goes out as octet-stream.
    static func addContentType(_ contentType: String?, to headers: inout [(name: String, value: String)]) {
        guard !has("content-type", in: headers) else { return }
        headers.append(("Content-Type", contentType ?? "application/octet-stream"))
    }

    static func has(_ name: String, in headers: [(name: String, value: String)]) -> Bool {
        headers.contains { $0.name.lowercased() == name }
    }

    static func phase(of code: CURLcode) -> TransportError.Phase {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .resolve
        case CURLE_COULDNT_CONNECT: return .connect
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tls
        case CURLE_SEND_ERROR, CURLE_READ_ERROR, CURLE_ABORTED_BY_CALLBACK: return .send
        case CURLE_ABORTED_BY_CALLBACK: return .canceled
        default: return .receive
        }
    }
}

/// Typed setters over the shim; the first failing option is kept as the setup failure.
private struct Setup {
    let handle: UnsafeMutableRawPointer
    var failure: TransportError?

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    private mutating func check(_ code: CURLcode, _ option: CURLoption) {
        guard code != CURLE_OK, failure == nil else { return }
        let message = "libcurl rejected option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))"
        failure = TransportError(phase: .setup, code: Int(code.rawValue), message: message, url: "")
    }

    mutating func long(_ option: CURLoption, _ value: Int) { check(ccurl_setopt_long(handle, option, value), option) }
    mutating func offset(_ option: CURLoption, _ value: curl_off_t) { check(ccurl_setopt_off_t(handle, option, value), option) }
    mutating func string(_ option: CURLoption, _ value: String) { check(ccurl_setopt_string(handle, option, value), option) }
    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) { check(ccurl_setopt_pointer(handle, option, value), option) }
    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutablePointer<CChar>?) { check(ccurl_setopt_pointer(handle, option, value), option) }
    mutating func slist(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) { check(ccurl_setopt_slist(handle, option, value), option) }
    mutating func mime(_ option: CURLoption, _ value: OpaquePointer) { check(ccurl_setopt_mime(handle, option, value), option) }
    mutating func write(_ option: CURLoption, _ callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int) {
        check(ccurl_setopt_write_callback(handle, option, callback), option)
    }
    mutating func read(_ option: CURLoption, _ callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int) {
        check(ccurl_setopt_read_callback(handle, option, callback), option)
    }
    mutating func progress(_ option: CURLoption, _ callback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32) {
        check(ccurl_setopt_xferinfo_callback(handle, option, callback), option)
    }
}
