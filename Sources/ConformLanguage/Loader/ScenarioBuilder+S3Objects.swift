extension ScenarioBuilder {
    /// Reads `s3_head`, `s3_get` or `s3_delete`: `{bucket, key}`.
    func readS3Object(_ node: YAMLNode, kind: String) -> S3ObjectAction? {
        guard let reader = MappingReader(node, context: "'\(kind)'", allowed: ["bucket", "key"], into: &diagnostics) else {
            return nil
        }
        let bucket = readS3Template(reader, "bucket", in: kind, hint: "add 'bucket: <name>'")
        let key = readS3Key(reader, in: kind)
        guard let bucket, let key else { return nil }
        return S3ObjectAction(bucket: bucket, key: key, location: node.location)
    }

    /// Reads `s3_put`: `{bucket, key, body | file, content_type, metadata}`.
    func readS3Put(_ node: YAMLNode) -> S3PutAction? {
        let allowed = ["bucket", "key", "body", "file", "content_type", "metadata"]
        guard let reader = MappingReader(node, context: "'s3_put'", allowed: allowed, into: &diagnostics) else { return nil }
        let bucket = readS3Template(reader, "bucket", in: "s3_put", hint: "add 'bucket: <name>'")
        let key = readS3Key(reader, in: "s3_put")
        let contentType = reader["content_type"].flatMap { ScalarReader.template($0, key: "content_type", into: &diagnostics) }
        let metadata = reader["metadata"].map(readMetadata) ?? []

        var body: S3PutAction.Body?
        let bodyKeys = reader.keys.filter { $0 == "body" || $0 == "file" }
        if bodyKeys.count > 1 {
            diagnostics.append(
                .error("'s3_put' has two bodies: body and file", at: reader.keyLocation(bodyKeys[1]) ?? node.location,
                       length: bodyKeys[1].count, hint: "write 'body: <text>' or 'file: <path>', not both"))
        } else if let bodyNode = reader["body"] {
            body = ScalarReader.template(bodyNode, key: "body", into: &diagnostics).map(S3PutAction.Body.text)
        } else if let fileNode = reader["file"] {
            body = ScalarReader.template(fileNode, key: "file", into: &diagnostics).map(S3PutAction.Body.file)
        } else {
            diagnostics.append(
                .error("missing 'body' or 'file' in 's3_put'", at: node.location,
                       hint: "add 'body: <text>' or 'file: <path>'; 'body: \"\"' puts an empty object"))
        }

        guard let bucket, let key, let body else { return nil }
        return S3PutAction(
            bucket: bucket, key: key, body: body, contentType: contentType, metadata: metadata, location: node.location)
    }

    private func readS3Template(_ reader: MappingReader, _ name: String, in kind: String, hint: String) -> Template? {
        guard let node = reader[name] else {
            // A misspelled key already has an unknown-key error saying "did you mean"; a second error adds nothing.
            if !reader.unknownKeys.contains(where: { Suggestion.nearest(to: $0, in: [name]) != nil }) {
                diagnostics.append(.error("missing '\(name)' in '\(kind)'", at: reader.node.location, hint: hint))
            }
            return nil
        }
        return ScalarReader.template(node, key: name, into: &diagnostics)
    }

    private func readS3Key(_ reader: MappingReader, in kind: String) -> Template? {
        guard let template = readS3Template(reader, "key", in: kind, hint: "add 'key: <object key>'") else { return nil }
        if template.isLiteral, template.source.isEmpty, let node = reader["key"] {
            diagnostics.append(
                .error("'key' is empty", at: node.location, length: node.isPlainScalar ? 1 : 2,
                       hint: "an S3 object needs a key of at least one character"))
            return nil
        }
        return template
    }

    /// Reads `metadata: {name: value}`. Names become `x-amz-meta-<name>` headers, so they are limited
    /// to characters that every S3 server accepts in a header name.
    private func readMetadata(_ node: YAMLNode) -> [(name: String, value: Template)] {
        guard let reader = MappingReader(node, context: "'metadata'", allowed: nil, into: &diagnostics) else { return [] }
        var result: [(name: String, value: Template)] = []
        var seen: Set<String> = []
        for name in reader.keys {
            guard let entry = reader.entries[name] else { continue }
            let isValid = !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            }
            guard isValid else {
                diagnostics.append(
                    .error("invalid metadata name '\(name)'", at: entry.key.textLocation, length: max(1, name.count),
                           hint: "use ASCII letters, digits, '-' and '_'"))
                continue
            }
            guard seen.insert(name.lowercased()).inserted else {
                diagnostics.append(
                    .error("duplicate metadata name '\(name)'", at: entry.key.textLocation, length: name.count,
                           hint: "S3 stores metadata names in lowercase, so names that differ only in case are the same name"))
                continue
            }
            guard let value = ScalarReader.template(entry.value, key: name, into: &diagnostics) else { continue }
            result.append((name, value))
        }
        return result
    }
}
