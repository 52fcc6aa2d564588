import ConformSigV4
import Foundation

/// A failure to find or read a signing test vector.
struct TestVectorError: Error, CustomStringConvertible {
    let description: String
}

/// Locates and reads the signing test vectors kept beside the repository.
enum TestVectors {
    /// Returns the `vectors` folder, `../shared/vectors` from the repository root. The root is the
    /// nearest folder above this file that contains `Package.swift`, and CI checks `shared/` out
    /// beside the clone.
    static func directory() throws -> URL {
        let fileManager = FileManager.default
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !fileManager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw TestVectorError(
                    description: "Package.swift not found in any folder above \(#filePath), "
                        + "so the signing test vectors cannot be located")
            }
            folder = parent
        }

        let vectors = folder.appendingPathComponent("../shared/vectors").standardizedFileURL
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: vectors.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TestVectorError(
                description: "signing test vectors not found at \(vectors.path); check out the "
                    + "shared folder beside the repository at \(folder.path)")
        }
        return vectors
    }

    /// Reads a UTF-8 text file under ``directory()``.
    static func text(_ relativePath: String) throws -> String {
        let url = try directory().appendingPathComponent(relativePath)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TestVectorError(description: "cannot read test vector \(url.path): \(error)")
        }
    }
}

/// An HTTP/1.1 request as AWS's test suite writes it in a `.req` file.
///
/// The request line's target is the path as sent, which in some cases contains a raw space or
/// raw UTF-8. Query names and values are percent-decoded so that the signer encodes them itself.
struct VectorRequest {
    var method: String
    var path: String
    var query: [(name: String, value: String?)]
    var headers: [(name: String, value: String)]
    var body: String

    init(parsing contents: String, file: String) throws {
        let text = contents.replacingOccurrences(of: "\r\n", with: "\n")
        let head: Substring
        if let blankLine = text.range(of: "\n\n") {
            head = text[..<blankLine.lowerBound]
            body = String(text[blankLine.upperBound...])
        } else {
            head = text[...]
            body = ""
        }

        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard let requestLine = lines.first,
            let methodEnd = requestLine.firstIndex(of: " "),
            let versionStart = requestLine.lastIndex(of: " "),
            methodEnd < versionStart
        else {
            throw TestVectorError(description: "\(file): invalid request line '\(lines.first ?? "")'")
        }
        method = String(requestLine[..<methodEnd])

        // The target may contain spaces (`/example space/`), so it runs up to the last space.
        let target = requestLine[requestLine.index(after: methodEnd)..<versionStart]
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = Self.decodedQuery(target[target.index(after: questionMark)...])
        } else {
            path = String(target)
            query = []
        }

        headers = []
        for line in lines.dropFirst() where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                // An obsolete line folding: RFC 7230 section 3.2.4 lets the recipient replace it
                // with a space before reading the value.
                guard let last = headers.indices.last else {
                    throw TestVectorError(description: "\(file): continuation line before any header")
                }
                headers[last].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw TestVectorError(description: "\(file): header line without ':' '\(line)'")
            }
            headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
    }

    /// The request for the signer, with the payload hash of ``body``.
    var sigV4Request: SigV4Request {
        SigV4Request(
            method: method, encodedPath: path, query: query, headers: headers,
            payloadHash: SigV4Request.payloadHash(of: Array(body.utf8)))
    }

    private static func decodedQuery(_ text: Substring) -> [(name: String, value: String?)] {
        text.split(separator: "&").map { parameter in
            guard let equals = parameter.firstIndex(of: "=") else {
                return (name: decoded(parameter), value: nil)
            }
            return (name: decoded(parameter[..<equals]), value: decoded(parameter[parameter.index(after: equals)...]))
        }
    }

    private static func decoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
