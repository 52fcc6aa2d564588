extension SigV4Signer {
    /// Builds the canonical request: the method, path, query, headers, signed header names and
    /// payload hash, one per line, with an empty line after the headers.
    ///
    /// The request is used as given, so pass it through ``addingSigningHeaders(to:date:)`` first
    /// to have the signer's own headers covered.
    public func canonicalRequest(_ request: SigV4Request) -> String {
        let headers = canonicalHeaders(request)
        let headerLines = headers.map { "\($0.name):\($0.value)\n" }.joined()
        return [
            request.method,
            canonicalPath(request.encodedPath),
            Self.canonicalQuery(request.query),
            headerLines,
            headers.map(\.name).joined(separator: ";"),
            request.payloadHash,
        ].joined(separator: "\n")
    }

    /// Returns the signed header names, lowercase, sorted and joined with `;`.
    func signedHeaders(_ request: SigV4Request) -> String {
        canonicalHeaders(request).map(\.name).joined(separator: ";")
    }

    /// Returns the path as the canonical request has it, which depends on ``pathMode``.
    func canonicalPath(_ encodedPath: String) -> String {
        switch pathMode {
        case .s3:
            return encodedPath.isEmpty ? "/" : encodedPath
        case .standard:
            return SigV4Encoding.percentEncode(Self.normalizedPath(encodedPath), keepSlash: true)
        }
    }

    /// Removes empty, `.` and `..` segments from `path`, keeping a trailing slash when the last
    /// segment named a directory. A `..` at the root is dropped.
    static func normalizedPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Substring] = []
        for part in parts {
            switch part {
            case "", ".":
                continue
            case "..":
                _ = segments.popLast()
            default:
                segments.append(part)
            }
        }

        var result = "/" + segments.joined(separator: "/")
        let last = parts.last ?? ""
        if !segments.isEmpty && (last == "" || last == "." || last == "..") {
            result += "/"
        }
        return result
    }

    /// Encodes each name and value, writes a value-less parameter as `name=`, and sorts by encoded
    /// name, then by encoded value, in byte order.
    static func canonicalQuery(_ query: [(name: String, value: String?)]) -> String {
        let encoded = query.map {
            (name: SigV4Encoding.percentEncode($0.name), value: SigV4Encoding.percentEncode($0.value ?? ""))
        }
        let sorted = encoded.sorted { left, right in
            if left.name != right.name {
                return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
            }
            return left.value.utf8.lexicographicallyPrecedes(right.value.utf8)
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Returns one entry per header name, lowercase and sorted, with the trimmed values of repeated
    /// headers joined by commas in request order. `authorization` is left out because the
    /// signature cannot cover itself.
    func canonicalHeaders(_ request: SigV4Request) -> [(name: String, value: String)] {
        var names: [String] = []
        var values: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "authorization" {
                continue
            }
            if values[name] == nil {
                names.append(name)
            }
            values[name, default: []].append(Self.trimmedHeaderValue(header.value))
        }

        return
            names
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { (name: $0, value: values[$0, default: []].joined(separator: ",")) }
    }

    /// Removes leading and trailing spaces and tabs and turns each inner run of them into one
    /// space.
    static func trimmedHeaderValue(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
