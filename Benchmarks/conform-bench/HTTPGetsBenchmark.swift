import ConformTransport
import Foundation

/// Sequential GET requests through one `HTTPClient`, so libcurl can reuse the connection between
/// them, as it does between the attempts of a polling http step.
struct HTTPGetsBenchmark {
    let url: String
    let count: Int

    init(options: BenchmarkOptions) throws {
        url = try options.string("url")
        count = try options.positiveInteger("count")
    }

    func run() throws -> BenchmarkReport {
        let client: HTTPClient
        do {
            client = try HTTPClient()
        } catch {
            throw BenchmarkError("cannot create the HTTP client: \(error)")
        }

        var statuses = Histogram()
        var failures = 0
        let measurement = Measurement.of {
            for _ in 0..<count {
                switch client.perform(HTTPRequest(method: "GET", url: url)) {
                case .success(let exchange):
                    statuses.add(exchange.response.status)
                case .failure(let error):
                    if failures == 0 { FileHandle.standardError.write(Data("conform-bench: \(error)\n".utf8)) }
                    failures += 1
                }
            }
        }

        var report = BenchmarkReport(failures: failures)
        report.add("requests", "\(count)")
        report.add("transport_errors", "\(failures)")
        report.add("statuses", statuses.description)
        report.addTimings(measurement, operations: count, unit: "request")
        return report
    }
}
