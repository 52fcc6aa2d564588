extension ScenarioBuilder {
    func readWebhookSettings(_ node: YAMLNode) -> WebhookSettings? {
        let allowed = ["bind", "port", "host", "status", "headers", "max_body"]
        guard let reader = MappingReader(node, context: "'webhook'", allowed: allowed, into: &diagnostics) else { return nil }

        let bind = reader["bind"].flatMap { ScalarReader.string($0, key: "bind", into: &diagnostics) } ?? "127.0.0.1"
        let host = reader["host"].flatMap { ScalarReader.string($0, key: "host", into: &diagnostics) }
        let port = reader["port"].flatMap { integer($0, key: "port", range: 0...65535) } ?? 0
        let status = reader["status"].flatMap { integer($0, key: "status", range: 100...599) } ?? 200
        var headers: [(name: String, value: String)] = []
        if let headersNode = reader["headers"], let headerReader = MappingReader(headersNode, context: "'headers'", allowed: nil, into: &diagnostics) {
            for name in headerReader.keys {
                guard let value = headerReader[name].flatMap({ ScalarReader.string($0, key: name, into: &diagnostics) }) else { continue }
                headers.append((name, value))
            }
        }
        let maximumBody = reader["max_body"].flatMap { integer($0, key: "max_body", range: 0...(1 << 30)) } ?? 1 << 20
        return WebhookSettings(
            bindAddress: bind, port: port, host: host, responseStatus: status, responseHeaders: headers, maximumBodyBytes: maximumBody,
            location: node.location)
    }

    func readWebhookAction(_ node: YAMLNode) -> WebhookAction? {
        let allowed = ["path", "method", "match", "count", "within", "settle", "signature"]
        guard let reader = MappingReader(node, context: "'webhook' step", allowed: allowed, into: &diagnostics) else { return nil }

        let path = reader["path"].flatMap { ScalarReader.template($0, key: "path", into: &diagnostics) }
        let method = reader["method"].flatMap { ScalarReader.string($0, key: "method", into: &diagnostics) }?.uppercased()
        let match = reader["match"].map { readChecks($0, context: "'match'", kind: "webhook") } ?? []
        let count = reader["count"].flatMap(readMatcher) ?? .minimum(1)
        let within = reader["within"].flatMap { ScalarReader.duration($0, key: "within", into: &diagnostics) }
        let settle = reader["settle"].flatMap { ScalarReader.duration($0, key: "settle", into: &diagnostics) } ?? 1
        let signature = reader["signature"].flatMap(readSignature)

        if within == nil, reader["within"] == nil {
            diagnostics.append(
                .error("a 'webhook' step needs 'within'", at: node.location,
                       hint: "add 'within: <duration>', how long to wait for the request"))
        }
        if match.contains(where: { $0.subject == "count" }) {
            diagnostics.append(.error("'count' belongs to the step, not to 'match'", at: reader["match"]?.location ?? node.location))
        }
        guard let within else { return nil }
        return WebhookAction(
            path: path, method: method, match: match, count: count, within: within, settle: settle, signature: signature,
            location: node.location)
    }

    private func readSignature(_ node: YAMLNode) -> SignatureSpec? {
        let allowed = ["header", "separator", "timestamp_key", "signature_key", "message", "secret", "encoding", "max_skew"]
        guard let reader = MappingReader(node, context: "'signature'", allowed: allowed, into: &diagnostics) else { return nil }

        func required(_ key: String) -> YAMLNode? {
            if let value = reader[key] { return value }
            diagnostics.append(.error("missing '\(key)' in 'signature'", at: node.location, hint: "add '\(key):'"))
            return nil
        }
        let header = required("header").flatMap { ScalarReader.string($0, key: "header", into: &diagnostics) }
        let message = required("message").flatMap { ScalarReader.template($0, key: "message", into: &diagnostics) }
        let secret = required("secret").flatMap { ScalarReader.template($0, key: "secret", into: &diagnostics) }
        let separator = reader["separator"].flatMap { ScalarReader.string($0, key: "separator", into: &diagnostics) } ?? ","
        let timestampKey = reader["timestamp_key"].flatMap { ScalarReader.string($0, key: "timestamp_key", into: &diagnostics) }
        let signatureKey = reader["signature_key"].flatMap { ScalarReader.string($0, key: "signature_key", into: &diagnostics) }
        let maximumSkew = reader["max_skew"].flatMap { ScalarReader.duration($0, key: "max_skew", into: &diagnostics) }

        var encoding = SignatureSpec.Encoding.hex
        if let encodingNode = reader["encoding"], let text = ScalarReader.string(encodingNode, key: "encoding", into: &diagnostics) {
            if let parsed = SignatureSpec.Encoding(rawValue: text) {
                encoding = parsed
            } else {
                diagnostics.append(
                    .error("invalid encoding '\(text)'", at: encodingNode.location, length: text.count, hint: "write 'hex' or 'base64'"))
            }
        }
        if maximumSkew != nil, timestampKey == nil {
            diagnostics.append(
                .error("'max_skew' needs 'timestamp_key'", at: reader.keyLocation("max_skew") ?? node.location,
                       hint: "name the header part that holds the timestamp, such as 'timestamp_key: t'"))
        }
        guard let header, let message, let secret else { return nil }
        return SignatureSpec(
            header: header, separator: separator, timestampKey: timestampKey, signatureKey: signatureKey, message: message,
            secret: secret, encoding: encoding, maximumSkew: maximumSkew, location: node.location)
    }

    private func integer(_ node: YAMLNode, key: String, range: ClosedRange<Int>) -> Int? {
        guard let value = ScalarReader.number(node, key: key, into: &diagnostics) else { return nil }
        guard value == value.rounded(), range.contains(Int(value)) else {
            diagnostics.append(
                .error("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node.location,
                       length: node.scalar?.count ?? 1))
            return nil
        }
        return Int(value)
    }
}
