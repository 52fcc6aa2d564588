import ConformTransport
import Foundation

/// One multipart/form-data POST of a file, which libcurl reads from disk while it sends.
struct UploadBenchmark {
    let url: String
    let path: String
    let timeout: Double

    init(options: BenchmarkOptions) throws {
        url = try options.string("url")
        path = try options.string("file")
        timeout = try options.positiveSeconds("timeout", default: 600)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw BenchmarkError("cannot read --file '\(path)'")
        }
    }

    func run() throws -> BenchmarkReport {
        let client: HTTPClient
        do {
            client = try HTTPClient()
        } catch {
            throw BenchmarkError("cannot create the HTTP client: \(error)")
        }
        let part = HTTPRequest.MultipartPart(
            name: "file", content: .file(path: path, filename: nil, contentType: "application/octet-stream"))
        let request = HTTPRequest(method: "POST", url: url, body: .multipart([part]), totalTimeout: timeout)

        let before = ResourceUsage.current()
        var outcome: Result<HTTPExchange, TransportError>?
        let measurement = Measurement.of {
            outcome = client.perform(request)
        }

        var report = BenchmarkReport()
        switch outcome {
        case .success(let exchange):
            let sent = exchange.requestBodySize ?? 0
            report.add("status", "\(exchange.response.status)")
            report.add("request_body_bytes", "\(sent)")
            report.add("mebibytes_per_second", Double(sent) / 1_048_576 / measurement.wallSeconds, digits: 1)
            if exchange.response.status / 100 != 2 { report.failures = 1 }
        case .failure(let error):
            FileHandle.standardError.write(Data("conform-bench: \(error)\n".utf8))
            report.add("status", "none")
            report.failures = 1
        case nil:
            report.failures = 1
        }
        report.add("wall_seconds", measurement.wallSeconds)
        report.add("cpu_seconds", measurement.cpuSeconds)
        report.add("max_rss_before_upload_kib", "\(before.maximumResidentKiB)")
        report.add("max_rss_kib", "\(measurement.maximumResidentKiB)")
        return report
    }
}
