import ConformSigV4
import ConformTransport
import Foundation

/// Sequential ListObjectsV2 listings through one `S3Client`, each signed with SigV4.
struct S3ListsBenchmark {
    let configuration: S3Client.Configuration
    let bucket: String
    let prefix: String
    let count: Int

    init(options: BenchmarkOptions) throws {
        let credentials = SigV4Credentials(
            accessKeyID: try BenchmarkOptions.environment("AWS_ACCESS_KEY_ID"),
            secretAccessKey: try BenchmarkOptions.environment("AWS_SECRET_ACCESS_KEY"))
        configuration = S3Client.Configuration(
            endpoint: try options.string("endpoint"), region: options.string("region", default: "us-east-1"),
            credentials: credentials)
        bucket = try options.string("bucket")
        prefix = options.string("prefix", default: "")
        count = try options.positiveInteger("count")
    }

    func run() throws -> BenchmarkReport {
        let http: HTTPClient
        do {
            http = try HTTPClient()
        } catch {
            throw BenchmarkError("cannot create the HTTP client: \(error)")
        }
        let client = S3Client(configuration: configuration, http: http)

        var failures = 0
        var objectCounts = Histogram()
        let measurement = Measurement.of {
            for _ in 0..<count {
                switch client.listObjects(bucket: bucket, prefix: prefix, deadline: Date().addingTimeInterval(30)) {
                case .success(let objects):
                    objectCounts.add(objects.count)
                case .failure(let error):
                    if failures == 0 { FileHandle.standardError.write(Data("conform-bench: \(error)\n".utf8)) }
                    failures += 1
                }
            }
        }

        var report = BenchmarkReport(failures: failures)
        report.add("listings", "\(count)")
        report.add("failed_listings", "\(failures)")
        // For example `5:1000`: 1,000 listings returned 5 objects each.
        report.add("objects_per_listing", objectCounts.description)
        report.addTimings(measurement, operations: count, unit: "listing")
        return report
    }
}
