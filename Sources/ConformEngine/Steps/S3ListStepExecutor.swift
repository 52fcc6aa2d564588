import ConformLanguage
import ConformTransport
import Foundation

/// Lists a prefix once per attempt, following continuation tokens.
struct S3ListStepExecutor: StepExecutor {
    let client: S3Client
    let bucket: String
    let prefix: String

    func attempt(deadline: Date) -> AttemptOutcome {
        switch client.listObjects(bucket: bucket, prefix: prefix, deadline: deadline) {
        case .failure(let error):
            return .transportError(error.description)
        case .success(let objects):
            let keys = objects.map(\.key)
            let summary = S3ListStepExecutor.describe(keys)
            let exchange = "ListObjectsV2 s3://\(bucket)/\(prefix) → \(summary)"
            return .observed(Observation(keys: keys), summary: summary, exchange: exchange, retryAfter: nil)
        }
    }

    /// `0 objects`, or the count and up to three keys.
    static func describe(_ keys: [String]) -> String {
        let noun = keys.count == 1 ? "object" : "objects"
        guard !keys.isEmpty else { return "0 objects" }
        let sample = keys.prefix(3).joined(separator: ", ")
        return "\(keys.count) \(noun): \(sample)" + (keys.count > 3 ? ", …" : "")
    }
}
