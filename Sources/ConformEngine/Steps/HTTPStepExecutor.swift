import ConformLanguage
import ConformSigV4
import ConformTransport
import Foundation

/// Sends one HTTP request per attempt, its timeout clamped to the time left.
struct HTTPStepExecutor: StepExecutor {
    let request: HTTPRequest
    let client: HTTPClient

    func attempt(deadline: Date) -> AttemptOutcome {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return .transportError("the deadline passed before the request was sent") }

        var bounded = request
        bounded.connectTimeout = min(request.connectTimeout, remaining)
        bounded.totalTimeout = min(request.totalTimeout, remaining)

        switch client.perform(bounded) {
        case .failure(let error):
            return .transportError(error.description)
        case .success(let exchange):
            let response = exchange.response
            let observation = Observation(status: response.status, headers: response.headers, body: response.body)
            let excerpt = Excerpt.of(response.body, limit: 120)
            let summary = "\(response.status)" + (excerpt.isEmpty ? "" : " \(excerpt)")
            var retryAfter: Double?
            if response.status == 429 || response.status == 503, let header = response.header("Retry-After") {
                retryAfter = Double(header.trimmingCharacters(in: .whitespaces))
            }
            return .observed(observation, summary: summary, exchange: Excerpt.describe(exchange), retryAfter: retryAfter)
        }
    }
}

/// Turns an `HTTPAction` into an `HTTPRequest` by rendering its templates.
struct HTTPRequestBuilder {
    let scenarioFile: String
    let scope: VariableScope

    func build(_ action: HTTPAction) throws -> HTTPRequest {
        var url = try scope.render(action.url)
        if !action.query.isEmpty {
            var items: [String] = []
            for (name, value) in action.query {
                items.append(SigV4Encoding.percentEncode(name) + "=" + SigV4Encoding.percentEncode(try scope.render(value)))
            }
            url += (url.contains("?") ? "&" : "?") + items.joined(separator: "&")
        }

        var headers: [(name: String, value: String)] = []
        for (name, value) in action.headers { headers.append((name, try scope.render(value))) }

        var body = HTTPRequest.Body.empty
        switch action.body {
        case .json(let json):
            let text = try json.resolve { template throws in try scope.render(template) }.compactJSON
            body = .bytes(Array(text.utf8), contentType: "application/json")
        case .text(let text, let contentType):
            let type = try contentType.map { try scope.render($0) } ?? "text/plain; charset=utf-8"
            body = .bytes(Array(try scope.render(text).utf8), contentType: type)
        case .file(let path, let contentType):
            let resolved = resolvePath(try scope.render(path))
            guard FileManager.default.isReadableFile(atPath: resolved) else {
                throw StepExecutorFactory.SetupError(
                    message: "cannot read body file '\(resolved)'; paths are relative to the scenario file")
            }
            body = .file(path: resolved, contentType: try contentType.map { try scope.render($0) })
        case .multipart(let fields):
            var parts: [HTTPRequest.MultipartPart] = []
            for field in fields {
                switch field.value {
                case .text(let text):
                    parts.append(.init(name: field.name, content: .text(try scope.render(text))))
                case .file(let path, let contentType, let filename):
                    let resolved = resolvePath(try scope.render(path))
                    guard FileManager.default.isReadableFile(atPath: resolved) else {
                        throw StepExecutorFactory.SetupError(
                            message: "cannot read file '\(resolved)' for multipart field '\(field.name)'; paths are relative to the scenario file")
                    }
                    parts.append(
                        .init(
                            name: field.name,
                            content: .file(
                                path: resolved, filename: try filename.map { try scope.render($0) },
                                contentType: try contentType.map { try scope.render($0) })))
                }
            }
            body = .multipart(parts)
        case nil:
            break
        }

        return HTTPRequest(
            method: action.method, url: url, headers: headers, body: body, connectTimeout: action.connectTimeout ?? 10,
            totalTimeout: action.requestTimeout ?? 30, followRedirects: action.followRedirects,
            caBundle: try action.caBundle.map { resolvePath(try scope.render($0)) }, insecure: action.insecure)
    }

    /// Resolves a path relative to the scenario file's folder, as users write them.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = URL(fileURLWithPath: scenarioFile).deletingLastPathComponent()
        return folder.appendingPathComponent(path).standardizedFileURL.path
    }
}

/// Short, printable summaries of bodies and exchanges.
enum Excerpt {
    /// The start of a body as one line of text, non-printable characters escaped.
    static func of(_ body: [UInt8], limit: Int) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var out = ""
        for scalar in text.unicodeScalars {
            if out.count >= limit {
                out += "…"
                break
            }
            switch scalar {
            case "\n", "\r", "\t": out += " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\x" + String(format: "%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Header names whose values are credentials or signatures whatever their value is.
    static let sensitiveHeaderWords = ["authorization", "signature", "cookie", "token", "secret", "api-key", "apikey", "password"]

    /// The header's value, or `***` when its name marks it as a credential or a signature.
    static func shown(_ header: (name: String, value: String)) -> String {
        let name = header.name.lowercased()
        // A header that names a scheme's version, such as X-Dedup-Signature-Version, carries no secret.
        if name.hasSuffix("-version") { return header.value }
        return sensitiveHeaderWords.contains { name.contains($0) } ? "***" : header.value
    }

    static func describe(_ exchange: HTTPExchange) -> String {
        let response = exchange.response
        var lines = ["> \(exchange.method) \(exchange.url)"]
        for header in exchange.requestHeaders { lines.append("> \(header.name): \(shown(header))") }
        if let size = exchange.requestBodySize, size > 0 { lines.append("> (\(size) bytes of body)") }
        lines.append("< \(response.status) in \(String(format: "%.3f", response.timings.total))s")
        for header in response.headers { lines.append("< \(header.name): \(shown(header))") }
        let excerpt = of(response.body, limit: 500)
        if !excerpt.isEmpty { lines.append("< " + excerpt) }
        return lines.joined(separator: "\n")
    }
}
