import ConformLanguage
import ConformTransport
import Foundation

/// Sends one HEAD, GET, PUT or DELETE of an S3 object per attempt.
struct S3ObjectStepExecutor: StepExecutor {
    enum Operation {
        case head
        case get
        /// A nil content type lets `S3Client.putObject` choose one.
        case put(body: S3Client.ObjectBody, contentType: String?, metadata: [(name: String, value: String)])
        case delete
    }

    let client: S3Client
    let bucket: String
    let key: String
    let operation: Operation
    /// Whether a missing object is observed as `exists: false` rather than reported as an error,
    /// which is the case when the step reads `exists`.
    let observesMissing: Bool

    private var location: String { "s3://\(bucket)/\(key)" }

    func attempt(deadline: Date) -> AttemptOutcome {
        switch operation {
        case .head:
            return observe(client.headObject(bucket: bucket, key: key, deadline: deadline), method: "HEAD") { info in
                (Self.facts(info), nil)
            }
        case .get:
            return observe(client.getObject(bucket: bucket, key: key, deadline: deadline), method: "GET") { content in
                (Self.facts(content.info), content.body)
            }
        case .put(let body, let contentType, let metadata):
            let result = client.putObject(
                bucket: bucket, key: key, body: body, contentType: contentType, metadata: metadata, deadline: deadline)
            switch result {
            case .failure(let error):
                return .transportError(error.description)
            case .success(let stored):
                let object = Observation.S3Object(
                    exists: true, size: stored.size, contentType: stored.contentType, etag: stored.etag.map(Self.unquoted))
                var summary = "stored \(Self.bytes(stored.size))"
                if case .file(let path) = body { summary += " from \(path)" }
                summary += ", \(stored.contentType)" + (object.etag.map { ", ETag \($0)" } ?? "")
                return .observed(Observation(object: object), summary: summary, exchange: "PUT \(location) → \(summary)", retryAfter: nil)
            }
        case .delete:
            switch client.deleteObject(bucket: bucket, key: key, deadline: deadline) {
            case .failure(let error):
                return .transportError(error.description)
            case .success:
                return .observed(Observation(), summary: "deleted", exchange: "DELETE \(location) → deleted", retryAfter: nil)
            }
        }
    }

    /// Turns a HEAD or GET result into an outcome. A missing object becomes `exists: false` when the
    /// step reads `exists`.
    private func observe<Value>(
        _ result: Result<Value, S3Error>, method: String, facts: (Value) -> (Observation.S3Object, [UInt8]?)
    ) -> AttemptOutcome {
        switch result {
        case .failure(.service(404, "NoSuchKey", _, _)) where observesMissing:
            let summary = "404 NoSuchKey: the object does not exist"
            return .observed(
                Observation(object: Observation.S3Object(exists: false)), summary: summary,
                exchange: "\(method) \(location) → \(summary)", retryAfter: nil)
        case .failure(let error):
            if case .service(404, "NoSuchKey", _, _) = error {
                return .transportError(error.description + ". A step that checks 'exists' reads a missing object as exists: false.")
            }
            return .transportError(error.description)
        case .success(let value):
            let (object, body) = facts(value)
            var summary = Self.describe(object)
            var exchange = "\(method) \(location) → \(summary)"
            if let lastModified = object.lastModified { exchange += "\nLast-Modified: \(lastModified)" }
            for entry in object.metadata { exchange += "\nx-amz-meta-\(entry.name): \(entry.value)" }
            if let body {
                let excerpt = Excerpt.of(body, limit: 120)
                if !excerpt.isEmpty { summary += ": \(excerpt)" }
                let longExcerpt = Excerpt.of(body, limit: 500)
                if !longExcerpt.isEmpty { exchange += "\n< \(longExcerpt)" }
            }
            return .observed(Observation(body: body, object: object), summary: summary, exchange: exchange, retryAfter: nil)
        }
    }

    private static func facts(_ info: S3Client.ObjectInfo) -> Observation.S3Object {
        Observation.S3Object(
            exists: true, size: info.size, contentType: info.contentType, etag: info.etag.map(unquoted),
            lastModified: info.lastModified, metadata: info.metadata)
    }

    /// Formats the object as `1234 bytes, image/png, ETag 9b2cf535f27731c974343645a3985328`.
    private static func describe(_ object: Observation.S3Object) -> String {
        var parts = [bytes(object.size ?? 0)]
        if let contentType = object.contentType { parts.append(contentType) }
        if let etag = object.etag { parts.append("ETag \(etag)") }
        return parts.joined(separator: ", ")
    }

    private static func bytes(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }

    /// Removes the double quotes that S3 puts around an ETag.
    static func unquoted(_ etag: String) -> String {
        etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\"") ? String(etag.dropFirst().dropLast()) : etag
    }
}

extension StepExecutorFactory {
    /// Builds the S3 client for a step from the scenario's `s3` settings.
    static func makeS3Client(for step: Step, scenario: Scenario, scope: VariableScope, context: RunContext) throws -> S3Client {
        guard let settings = scenario.s3 else {
            throw SetupError(message: "step '\(step.id)' uses S3 but the scenario has no 's3' settings")
        }
        let configuration = try S3Configuration.resolve(settings, scope: scope, redactor: context.redactor)
        return S3Client(configuration: configuration, http: try HTTPClient(isCanceled: context.isCanceled), clock: context.clock)
    }

    /// Builds the executor of an `s3_head`, `s3_get`, `s3_put` or `s3_delete` step.
    static func makeS3Object(for step: Step, scenario: Scenario, scope: VariableScope, context: RunContext) throws -> StepExecutor {
        let bucket: Template
        let key: Template
        let operation: S3ObjectStepExecutor.Operation
        switch step.action {
        case .s3Head(let action):
            (bucket, key, operation) = (action.bucket, action.key, .head)
        case .s3Get(let action):
            (bucket, key, operation) = (action.bucket, action.key, .get)
        case .s3Delete(let action):
            (bucket, key, operation) = (action.bucket, action.key, .delete)
        case .s3Put(let action):
            (bucket, key) = (action.bucket, action.key)
            operation = try putOperation(action, step: step, scenarioFile: scenario.file, scope: scope)
        default:
            throw SetupError(message: "step '\(step.id)' is a \(step.action.kindName) step, not an S3 object step")
        }
        return S3ObjectStepExecutor(
            client: try makeS3Client(for: step, scenario: scenario, scope: scope, context: context),
            bucket: try scope.render(bucket), key: try scope.render(key), operation: operation,
            observesMissing: step.readsExists)
    }

    private static func putOperation(
        _ action: S3PutAction, step: Step, scenarioFile: String, scope: VariableScope
    ) throws -> S3ObjectStepExecutor.Operation {
        var metadata: [(name: String, value: String)] = []
        for entry in action.metadata {
            let value = try scope.render(entry.value)
            // S3 accepts only US-ASCII in user metadata sent as headers, and a header cannot carry
            // control characters.
            guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
                throw SetupError(
                    message: "metadata '\(entry.name)' of step '\(step.id)' is '\(value)', but S3 metadata sent as headers must be printable ASCII")
            }
            metadata.append((entry.name, value))
        }

        let contentType = try action.contentType.map { try scope.render($0) }
        switch action.body {
        case .text(let text):
            return .put(body: .bytes(Array(try scope.render(text).utf8)), contentType: contentType, metadata: metadata)
        case .file(let path):
            let resolved = HTTPRequestBuilder(scenarioFile: scenarioFile, scope: scope).resolvePath(try scope.render(path))
            guard FileManager.default.isReadableFile(atPath: resolved) else {
                throw SetupError(message: "cannot read file '\(resolved)' for step '\(step.id)'. A relative path starts at the scenario file's folder")
            }
            return .put(body: .file(path: resolved), contentType: contentType, metadata: metadata)
        }
    }
}

extension Step {
    /// Whether the step's checks, captures or records read `exists`.
    var readsExists: Bool {
        let checks = expectations + (poll?.until ?? []) + (poll?.failIf ?? [])
        if checks.contains(where: { Template.rootName($0.subject) == "exists" }) { return true }
        for capture in captures {
            switch capture.source {
            case .name(let name), .regex(subject: let name, pattern: _):
                if Template.rootName(name) == "exists" { return true }
            }
        }
        return records.contains { record in
            record.value.references.contains { reference, _ in
                if case .variable(let name) = reference { return Template.rootName(name) == "exists" }
                return false
            }
        }
    }
}
