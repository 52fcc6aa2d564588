extension ScenarioBuilder {
    static let httpMethods = ["get", "post", "put", "patch", "delete", "head", "options"]
    static let httpKeys = httpMethods + [
        "method", "url", "headers", "query", "json", "body", "file", "content_type", "multipart", "connect_timeout",
        "timeout", "follow_redirects", "ca_bundle", "insecure",
    ]

    func readHTTP(_ node: YAMLNode) -> HTTPAction? {
        guard let reader = MappingReader(node, context: "'http'", allowed: Self.httpKeys, into: &diagnostics) else { return nil }

        let methodKeys = reader.keys.filter { Self.httpMethods.contains($0) }
        var method: String?
        var url: Template?
        if methodKeys.count == 1, let key = methodKeys.first, let urlNode = reader[key] {
            method = key.uppercased()
            url = ScalarReader.template(urlNode, key: key, into: &diagnostics)
            if reader["method"] != nil || reader["url"] != nil {
                diagnostics.append(
                    .error("write either '\(key): <url>' or 'method' and 'url', not both", at: reader.keyLocation(key) ?? node.location))
            }
        } else if methodKeys.count > 1 {
            diagnostics.append(
                .error("'http' has more than one method: \(methodKeys.joined(separator: ", "))",
                       at: reader.keyLocation(methodKeys[1]) ?? node.location, length: methodKeys[1].count))
        } else if let methodNode = reader["method"], let urlNode = reader["url"] {
            method = ScalarReader.string(methodNode, key: "method", into: &diagnostics)?.uppercased()
            url = ScalarReader.template(urlNode, key: "url", into: &diagnostics)
        } else {
            diagnostics.append(
                .error("'http' needs a method and a URL", at: node.location,
                       hint: "write 'get: <url>' (or post, put, patch, delete, head, options)"))
        }

        let headers = reader["headers"].map { readTemplateMap($0, context: "'headers'") } ?? []
        let query = reader["query"].map { readTemplateMap($0, context: "'query'") } ?? []
        let body = readBody(reader)
        let connectTimeout = reader["connect_timeout"].flatMap { ScalarReader.duration($0, key: "connect_timeout", into: &diagnostics) }
        let timeout = reader["timeout"].flatMap { ScalarReader.duration($0, key: "timeout", into: &diagnostics) }
        let followRedirects = reader["follow_redirects"].flatMap { ScalarReader.bool($0, key: "follow_redirects", into: &diagnostics) } ?? false
        let caBundle = reader["ca_bundle"].flatMap { ScalarReader.template($0, key: "ca_bundle", into: &diagnostics) }
        let insecure = reader["insecure"].flatMap { ScalarReader.bool($0, key: "insecure", into: &diagnostics) } ?? false

        guard let method, let url else { return nil }
        return HTTPAction(
            method: method, url: url, headers: headers, query: query, body: body, connectTimeout: connectTimeout,
            requestTimeout: timeout, followRedirects: followRedirects, caBundle: caBundle, insecure: insecure,
            location: node.location)
    }

    private func readBody(_ reader: MappingReader) -> HTTPAction.Body? {
        let bodyKeys = reader.keys.filter { ["json", "body", "file", "multipart"].contains($0) }
        if bodyKeys.count > 1 {
            diagnostics.append(
                .error("a request has one body, found \(bodyKeys.joined(separator: ", "))",
                       at: reader.keyLocation(bodyKeys[1]) ?? reader.node.location, length: bodyKeys[1].count))
            return nil
        }
        let contentType = reader["content_type"].flatMap { ScalarReader.template($0, key: "content_type", into: &diagnostics) }

        switch bodyKeys.first {
        case "json":
            return reader["json"].flatMap { ScalarReader.jsonTemplate($0, key: "json", into: &diagnostics) }.map(HTTPAction.Body.json)
        case "body":
            return reader["body"].flatMap { ScalarReader.template($0, key: "body", into: &diagnostics) }
                .map { .text($0, contentType: contentType) }
        case "file":
            return reader["file"].flatMap { ScalarReader.template($0, key: "file", into: &diagnostics) }
                .map { .file(path: $0, contentType: contentType) }
        case "multipart":
            return reader["multipart"].map { .multipart(readMultipart($0)) }
        default:
            return nil
        }
    }

    private func readMultipart(_ node: YAMLNode) -> [HTTPAction.MultipartField] {
        guard let reader = MappingReader(node, context: "'multipart'", allowed: nil, into: &diagnostics) else { return [] }
        var fields: [HTTPAction.MultipartField] = []
        for key in reader.keys {
            guard let entry = reader.entries[key] else { continue }
            if entry.value.scalar != nil {
                guard let text = ScalarReader.template(entry.value, key: key, into: &diagnostics) else { continue }
                fields.append(.init(name: key, value: .text(text), location: entry.key.location))
                continue
            }
            let allowed = ["path", "content_type", "filename"]
            guard let part = MappingReader(entry.value, context: "multipart field '\(key)'", allowed: allowed, into: &diagnostics)
            else { continue }
            guard let pathNode = part["path"], let path = ScalarReader.template(pathNode, key: "path", into: &diagnostics) else {
                if part["path"] == nil {
                    diagnostics.append(
                        .error("missing 'path' in multipart field '\(key)'", at: entry.value.location,
                               hint: "write '\(key): {path: <file>}' for a file or '\(key): <text>' for a text field"))
                }
                continue
            }
            let contentType = part["content_type"].flatMap { ScalarReader.template($0, key: "content_type", into: &diagnostics) }
            let filename = part["filename"].flatMap { ScalarReader.template($0, key: "filename", into: &diagnostics) }
            fields.append(.init(name: key, value: .file(path: path, contentType: contentType, filename: filename), location: entry.key.location))
        }
        return fields
    }

    private func readTemplateMap(_ node: YAMLNode, context: String) -> [(name: String, value: Template)] {
        guard let reader = MappingReader(node, context: context, allowed: nil, into: &diagnostics) else { return [] }
        var result: [(name: String, value: Template)] = []
        for key in reader.keys {
            guard let value = reader[key], let template = ScalarReader.template(value, key: key, into: &diagnostics) else { continue }
            result.append((key, template))
        }
        return result
    }
}
